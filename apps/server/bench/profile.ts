/**
 * @module Optional CPU profile of the server process during the load only (not the seeding):
 * `BENCH_PROFILE=<dir>` writes `http-bench.cpuprofile` there (open it in Chrome DevTools) and
 * returns the top functions by self time, so a slow route shows where its time goes.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";

/** A function's share of the sampled CPU time. */
export interface HotFunction {
  name: string;
  where: string;
  selfPercent: number;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Runs `work` under the V8 sampling profiler; writes the profile into `dir`. */
export async function profiled<T>(
  dir: string,
  work: () => Promise<T>,
): Promise<{ value: T; hot: HotFunction[] }> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  try {
    const value = await work();
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(join(dir, "http-bench.cpuprofile"), JSON.stringify(profile));
    return { value, hot: hottest(profile.nodes as ProfileNode[]) };
  } finally {
    session.disconnect();
  }
}

// --- internal ---

/** Self time per function (summed over call sites), highest first. */
function hottest(nodes: ProfileNode[], top = 25): HotFunction[] {
  const self = new Map<string, { name: string; where: string; hits: number }>();
  let total = 0;
  for (const node of nodes) {
    const hits = node.hitCount ?? 0;
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = `${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/work\/main\//, "")}:${lineNumber + 1}`;
    const key = `${functionName}@${where}`;
    const entry = self.get(key) ?? { name: functionName || "(anonymous)", where, hits: 0 };
    entry.hits += hits;
    self.set(key, entry);
  }
  return [...self.values()]
    .sort((a, b) => b.hits - a.hits)
    .slice(0, top)
    .map((e) => ({
      name: e.name,
      where: e.where,
      selfPercent: Number(((e.hits / total) * 100).toFixed(1)),
    }));
}
