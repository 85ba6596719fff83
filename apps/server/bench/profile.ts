/**
 * @module Optional CPU profile of the server process during the load only (not the seeding):
 * `BENCH_PROFILE=<dir>` writes `<name>.cpuprofile` there (open it in Chrome DevTools) and
 * returns the top functions by self time, so a slow route shows where its time goes.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";

/** A function's share of the sampled CPU time. */
export interface HotFunction {
  name: string;
  where: string;
  /** "self": its own code; "total": with everything it called. */
  kind: "self" | "total";
  percent: number;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
  children?: number[];
}

/** Runs `work` under the V8 sampling profiler; writes the profile into `dir`. */
export async function profiled<T>(
  dir: string,
  name: string,
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
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    return { value, hot: hottest(profile.nodes as ProfileNode[]) };
  } finally {
    session.disconnect();
  }
}

// --- internal ---

/**
 * The top functions by self time, then the project's own functions (apps/, packages/) by total
 * time (self + callees, each sample counted once per function), which says which stage costs.
 */
function hottest(nodes: ProfileNode[], top = 20): HotFunction[] {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const total = nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const self = new Map<string, { name: string; where: string; hits: number }>();
  const inclusive = new Map<string, number>();
  const walk = (node: ProfileNode, onStack: Set<string>): number => {
    const key = keyOf(node);
    let hits = node.hitCount ?? 0;
    const entry = self.get(key) ?? { ...describe(node), hits: 0 };
    entry.hits += hits;
    self.set(key, entry);
    const nested = onStack.has(key);
    if (!nested) onStack.add(key);
    for (const child of node.children ?? []) {
      const childNode = byId.get(child);
      if (childNode) hits += walk(childNode, onStack);
    }
    if (!nested) {
      onStack.delete(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + hits);
    }
    return hits;
  };
  const root = nodes[0];
  if (root) walk(root, new Set());
  const percent = (hits: number) => Number(((hits / total) * 100).toFixed(1));
  const bySelf = [...self.values()].sort((a, b) => b.hits - a.hits).slice(0, top);
  const ownByTotal = [...inclusive.entries()]
    .filter(([key]) => /@(apps|packages)\//.test(key))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top);
  return [
    ...bySelf.map((e) => ({
      ...describeEntry(e),
      kind: "self" as const,
      percent: percent(e.hits),
    })),
    ...ownByTotal.map(([key, hits]) => ({
      ...describeEntry(self.get(key) ?? { name: key, where: "" }),
      kind: "total" as const,
      percent: percent(hits),
    })),
  ];
}

const describeEntry = (e: { name: string; where: string }) => ({ name: e.name, where: e.where });

function describe(node: ProfileNode): { name: string; where: string } {
  const { functionName, url } = node.callFrame;
  // tsx transpiles, so line numbers point into generated code: the file is what helps.
  const where = url
    .replace(/^.*node_modules\//, "")
    .replace(/^file:\/\/.*?\/(packages|apps)\//, "$1/");
  return { name: functionName || "(anonymous)", where };
}

function keyOf(node: ProfileNode): string {
  const { name, where } = describe(node);
  return `${name}@${where}`;
}
