/** @module Timing helpers of the store benchmark: a call's wall time, percentiles, rounding. */
import { performance } from "node:perf_hooks";

/** The `p`-th percentile (0–100) of `samples`, nearest rank; NaN when there are none. */
export const percentile = (samples: number[], p: number): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

/** `value` rounded to `digits` decimals, as a number (what the JSON line prints). */
export const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

/** The wall time of one awaited call, in ms. */
export async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}
