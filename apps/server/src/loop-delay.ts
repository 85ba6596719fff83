/**
 * @module The server's own event-loop delay (`perf_hooks.monitorEventLoopDelay`), reported by
 * `GET /api/server/status`. A blocked loop delays every request and every session's keep-alive, so
 * this is the figure that says whether mass work (a restore of many sessions, a history sync) is
 * spread out enough.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";

/** Event-loop delay since the monitor started, in milliseconds. */
export interface LoopDelayStats {
  /** When sampling started (Unix ms). */
  sinceTimestamp: number;
  /** Number of samples (one per `resolutionMs` while the loop turns). */
  samples: number;
  mean: number;
  p50: number;
  p99: number;
  max: number;
}

/** A running monitor. */
export interface LoopDelayMonitor {
  stats(): LoopDelayStats;
  stop(): void;
}

/**
 * Starts sampling. The histogram is cumulative since start: the server's first minutes (start-up,
 * the restore of running sessions) stay visible in its p99 and max.
 */
export function startLoopDelayMonitor(resolutionMs = 10): LoopDelayMonitor {
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  const sinceTimestamp = Date.now();
  histogram.enable();
  const ms = (nanoseconds: number) => Math.round(nanoseconds / 1e4) / 100;
  return {
    stats: () => {
      const samples = histogram.count;
      return {
        sinceTimestamp,
        samples,
        // An empty histogram reports NaN / huge sentinels; zeros read better.
        mean: samples > 0 ? ms(histogram.mean) : 0,
        p50: samples > 0 ? ms(histogram.percentile(50)) : 0,
        p99: samples > 0 ? ms(histogram.percentile(99)) : 0,
        max: samples > 0 ? ms(histogram.max) : 0,
      };
    },
    stop: () => histogram.disable(),
  };
}
