/**
 * @module The machine's event-loop floor: the delay a process doing nothing but 2 ms slices of work
 * sees, i.e. what the machine's other load alone adds to every event-loop figure of the bench.
 */
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { round } from "./measure.ts";

/** The p99 event-loop delay (ms) over 3 s of 2 ms busy slices, one per loop turn. */
export async function measureLoopFloorP99Ms(): Promise<number> {
  const floor = monitorEventLoopDelay({ resolution: 5 });
  floor.enable();
  const floorEnd = performance.now() + 3000;
  while (performance.now() < floorEnd) {
    await new Promise((resolve) => setImmediate(resolve));
    const sliceEnd = performance.now() + 2;
    while (performance.now() < sliceEnd) {
      // busy for 2 ms, like a well-behaved server turn
    }
  }
  floor.disable();
  return round(floor.percentile(99) / 1e6, 1);
}
