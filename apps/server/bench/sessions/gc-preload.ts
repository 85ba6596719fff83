/**
 * @module Preloaded into the benchmarked server (`--expose-gc --import ...`): on SIGUSR2 it runs a
 * full GC and writes `process.memoryUsage()` to `BENCH_MEMORY_FILE`, so the benchmark reads the
 * settled heap split (heap, external, array buffers) next to the RSS it takes from /proc. It touches
 * nothing else in the server.
 */
import { writeFileSync } from "node:fs";

const file = process.env.BENCH_MEMORY_FILE;
const gc = (globalThis as { gc?: () => void }).gc;

if (file) {
  process.on("SIGUSR2", () => {
    gc?.();
    // A second pass after the first one's finalizers ran frees what they released.
    setTimeout(() => {
      gc?.();
      writeFileSync(
        file,
        JSON.stringify({ at: Date.now(), gc: Boolean(gc), ...process.memoryUsage() }),
      );
    }, 200);
  });
}
