/**
 * @module The load generator: one short warm-up run then one measured autocannon run per target,
 * strictly one after another, with the same settings for every target.
 */
import autocannon from "autocannon";

/** One URL to load. */
export interface LoadTarget {
  name: string;
  url: string;
  headers: Record<string, string>;
}

/** The autocannon settings shared by every target. */
export interface LoadSettings {
  connections: number;
  durationS: number;
  warmupS: number;
  pipelining: number;
}

/** What one measured run gave. */
export interface LoadResult {
  name: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Non-2xx answers, errors and timeouts: any of them makes the figures meaningless. */
  failures: number;
}

/**
 * Loads each target in turn (warm-up, then the measured run) and returns the measured figures;
 * `onMeasure` is called when a measured run starts (after its warm-up).
 */
export async function runLoad(
  targets: LoadTarget[],
  settings: LoadSettings,
  onResult: (result: LoadResult) => void = () => {},
  onMeasure: (name: string) => void = () => {},
): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  for (const target of targets) {
    const base = {
      url: target.url,
      headers: target.headers,
      connections: settings.connections,
      pipelining: settings.pipelining,
    };
    // The warm-up lets V8 optimise the hot paths and SQLite fill its page cache first.
    if (settings.warmupS > 0) await autocannon({ ...base, duration: settings.warmupS });
    onMeasure(target.name);
    const run = await autocannon({ ...base, duration: settings.durationS });
    const result: LoadResult = {
      name: target.name,
      rps: run.requests.average,
      p50Ms: run.latency.p50,
      p99Ms: run.latency.p99,
      requests: run.requests.total,
      failures: run.non2xx + run.errors + run.timeouts,
    };
    onResult(result);
    results.push(result);
  }
  return results;
}
