/**
 * @module Preloaded into the benchmarked server (`--expose-gc --import ...`): on SIGUSR2 it runs a
 * full GC and writes `process.memoryUsage()` to `BENCH_MEMORY_FILE`, so the benchmark reads the
 * settled heap split (heap, external, array buffers) next to the RSS it takes from /proc (and, with
 * `BENCH_HEAP_SNAPSHOT_DIR`, a heap snapshot). It touches nothing else in the server.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeHeapSnapshot } from "node:v8";

const file = process.env.BENCH_MEMORY_FILE;
const gc = (globalThis as { gc?: () => void }).gc;
/** Optional: a heap snapshot per sample into this folder, to see where the memory goes. */
const snapshots = process.env.BENCH_HEAP_SNAPSHOT_DIR;

if (file) {
  process.on("SIGUSR2", () => {
    gc?.();
    // A second pass after the first one's finalizers ran frees what they released.
    setTimeout(() => {
      gc?.();
      if (snapshots) {
        writeHeapSnapshot(join(snapshots, `heap-${process.pid}-${Date.now()}.heapsnapshot`));
      }
      writeFileSync(
        file,
        JSON.stringify({ at: Date.now(), gc: Boolean(gc), ...process.memoryUsage() }),
      );
    }, 200);
  });
}
