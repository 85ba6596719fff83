/** @module The event-loop delay monitor. */
import { describe, expect, it } from "vitest";
import { startLoopDelayMonitor } from "./loop-delay.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("startLoopDelayMonitor", () => {
  it("reports a blocked loop in its max and zeros before any sample", async () => {
    const monitor = startLoopDelayMonitor(5);
    try {
      expect(monitor.stats()).toMatchObject({ samples: 0, p99: 0, max: 0 });
      await sleep(30);
      const until = Date.now() + 60;
      while (Date.now() < until) {
        // Block the loop on purpose.
      }
      await sleep(30);
      const stats = monitor.stats();
      expect(stats.samples).toBeGreaterThan(0);
      expect(stats.max).toBeGreaterThanOrEqual(50);
      expect(stats.p50).toBeLessThanOrEqual(stats.p99);
      expect(stats.p99).toBeLessThanOrEqual(stats.max);
      expect(stats.sinceTimestamp).toBeLessThanOrEqual(Date.now());
    } finally {
      monitor.stop();
    }
  });
});
