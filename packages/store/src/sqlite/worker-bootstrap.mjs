/**
 * Starts a TypeScript worker from the sources (tests, benches, `pnpm sandbox`): registers tsx in
 * the worker thread, then imports the worker module. The built package starts its `.js` worker
 * directly and never loads this file.
 */
import { workerData } from "node:worker_threads";

const { register } = await import("tsx/esm/api");
register();
await import(workerData.entry);
