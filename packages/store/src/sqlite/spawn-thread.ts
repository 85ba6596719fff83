/**
 * @module Starts one of the store's worker threads: the built `<name>.js` beside this bundle, or,
 * run from the sources, the `.ts` module through a bootstrap that registers tsx, resolving `@wa/*`
 * packages to their sources.
 */
import { Worker } from "node:worker_threads";

/** The store's thread entry points (each a tsup entry of its own). */
export type ThreadName = "ingest-worker" | "checkpoint-worker";

/** Starts thread `name` with `workerData`. */
export function spawnThread(name: ThreadName, workerData: object): Worker {
  const fromSources = import.meta.url.endsWith(".ts");
  if (!fromSources) return new Worker(new URL(`./${name}.js`, import.meta.url), { workerData });
  const entry = new URL(`./${name}.ts`, import.meta.url).href;
  return new Worker(new URL("./worker-bootstrap.mjs", import.meta.url), {
    workerData: { ...workerData, entry },
    execArgv: ["--conditions=@wa/source"],
  });
}
