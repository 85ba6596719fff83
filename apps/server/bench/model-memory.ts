/**
 * @module The overview read model's memory when it holds every chat of the seeded session (the
 * server's model holds only the first `OVERVIEW_MODEL_PREFIX`): the heap it adds, measured
 * between two full garbage collections, and how long reading it all took.
 */
import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { Store } from "@wa/store";
import { createOverviewModel } from "../src/services/overview-model.ts";

/** Heap MB of a model of every chat, its item count and the ms its build took. */
export async function measureModelMemory(
  store: Store,
  session: string,
): Promise<{ items: number; heapMb: number; buildMs: number }> {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
  const before = process.memoryUsage().heapUsed;
  const model = createOverviewModel(store, Number.MAX_SAFE_INTEGER);
  const started = performance.now();
  const page = await model.page(session, { limit: 20, offset: 0, merge: true });
  const buildMs = performance.now() - started;
  if (page?.length !== 20) throw new Error("the full overview model did not answer its first page");
  gc();
  const heapMb = (process.memoryUsage().heapUsed - before) / 1048576;
  // Read after the measure, so the model is still referenced while the heap is measured.
  return { items: model.stats().items, heapMb, buildMs };
}
