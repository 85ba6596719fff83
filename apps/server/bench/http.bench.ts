/**
 * @module The HTTP benchmark (`pnpm bench:http`): seeds a fresh SQLite file with the store
 * benchmark's data, serves it through the real app (API key on, a WORKING memory-engine session)
 * and loads the overview and a 100,000-message chat's first page with autocannon, each next to a
 * bare Fastify route answering the same bytes precomputed: once as polling clients see them
 * (served from the response cache) and once with `Cache-Control: no-cache` (computed every time).
 * Prints a table; the last line is one JSON object with every figure.
 *
 * Env: BENCH_DURATION (s per target, default 10), BENCH_WARMUP (s, default 2), BENCH_CONNECTIONS
 * (default 10), BENCH_ROUNDS (default 3: the targets are loaded in turn that many times, a slice
 * of the duration each, so that a change of the machine's load hits them all alike),
 * BENCH_LOAD=inprocess to run autocannon in this process instead of a child, BENCH_PROFILE=<dir>
 * to CPU-profile the server process during the load.
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { measureBreakdown } from "./breakdown.ts";
import { type LoadResult, type LoadSettings, type LoadTarget, runLoad } from "./load.ts";
import { measureModelMemory } from "./model-memory.ts";
import { profiled } from "./profile.ts";
import { seedStore } from "./seed-store.ts";
import { startApp, startBaseline } from "./servers.ts";

const SESSION = "default";
const API_KEY = "bench-key";
const settings: LoadSettings = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
  durationS: Number(process.env.BENCH_DURATION ?? 10),
  warmupS: Number(process.env.BENCH_WARMUP ?? 2),
  pipelining: 1,
};
const loadMode = process.env.BENCH_LOAD === "inprocess" ? "inprocess" : "child";
const rounds = Math.max(1, Math.floor(Number(process.env.BENCH_ROUNDS ?? 3)));
const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
const started = performance.now();
const loadStart = loadavg()[0] ?? 0;

const dir = mkdtempSync(join(tmpdir(), "wa-http-bench-"));
// The database is ~800 MB: remove it however the run ends (an uncaught error, a closed stdout
// pipe, Ctrl-C), not only when the `finally` below is reached.
const removeDir = () => rmSync(dir, { recursive: true, force: true });
process.once("exit", removeDir);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => process.exit(130));
}
const seeded = await seedStore(join(dir, "wa.sqlite3"), SESSION);
const chatId = seeded.bigChats[0] ?? "";
const headers = { "x-api-key": API_KEY };
const noCache = { ...headers, "cache-control": "no-cache" };
const paths = {
  overview: `/api/${SESSION}/chats/overview?limit=20`,
  messages: `/api/${SESSION}/chats/${chatId}/messages?limit=100&downloadMedia=false`,
};
const app = await startApp(seeded.store, SESSION, API_KEY);
try {
  const overviewBody = await fetchBody(`${app.url}${paths.overview}`, 20);
  const messagesBody = await fetchBody(`${app.url}${paths.messages}`, 100);
  // The cache must answer exactly what a fresh computation does.
  for (const [path, body] of [
    [paths.overview, overviewBody],
    [paths.messages, messagesBody],
  ] as const) {
    const fresh = await fetchBody(`${app.url}${path}`, body === overviewBody ? 20 : 100, noCache);
    if (!fresh.equals(body)) throw new Error(`${path}: the cached body differs from a fresh one`);
  }
  // The baseline answers the very bytes of each route: same size, no work.
  const baseline = await startBaseline({ "/overview": overviewBody, "/messages": messagesBody });
  try {
    const breakdown = await measureBreakdown(app.server, SESSION, chatId, headers, paths);
    const modelMemory = await measureModelMemory(seeded.store, SESSION);
    const targets: LoadTarget[] = [
      { name: "overview", url: `${app.url}${paths.overview}`, headers },
      { name: "baseline_overview", url: `${baseline.url}/overview`, headers: {} },
      { name: "overview_nocache", url: `${app.url}${paths.overview}`, headers: noCache },
      { name: "messages", url: `${app.url}${paths.messages}`, headers },
      { name: "baseline_messages", url: `${baseline.url}/messages`, headers: {} },
      { name: "messages_nocache", url: `${app.url}${paths.messages}`, headers: noCache },
    ];
    const parts = new Map<string, Measured[]>(targets.map((target) => [target.name, []]));
    for (let round = 0; round < rounds; round++) {
      const slice: LoadSettings = {
        ...settings,
        durationS: settings.durationS / rounds,
        // The first warm-up lets V8 and SQLite settle; later ones only reopen the connections.
        warmupS: round === 0 ? settings.warmupS : Math.min(settings.warmupS, 0.5),
      };
      for (const target of targets) parts.get(target.name)?.push(await loadTarget(target, slice));
    }
    const results = [...parts].map(([name, measured]) => combine(name, measured));
    const by = Object.fromEntries(results.map((r) => [r.name, r])) as Record<string, Measured>;
    const failed = results.filter((r) => r.failures > 0);
    if (failed.length > 0) throw new Error(`non-2xx/errors in ${failed.map((r) => r.name)}`);
    const [overview, baseOverview, messages, baseMessages] = [
      by.overview,
      by.baseline_overview,
      by.messages,
      by.baseline_messages,
    ] as Measured[] as [Measured, Measured, Measured, Measured];
    const [overviewFresh, messagesFresh] = [by.overview_nocache, by.messages_nocache] as [
      Measured,
      Measured,
    ];

    // How the cache behaved under load: stores beyond the first few mean it was being dropped.
    const cache = app.server.ctx.responses.stats();
    const result = {
      overview_rps: round(overview.rps, 0),
      messages_rps: round(messages.rps, 0),
      baseline_overview_rps: round(baseOverview.rps, 0),
      baseline_messages_rps: round(baseMessages.rps, 0),
      baseline_rps: round((baseOverview.rps + baseMessages.rps) / 2, 0),
      overview_ratio: round(overview.rps / baseOverview.rps, 3),
      messages_ratio: round(messages.rps / baseMessages.rps, 3),
      overview_nocache_rps: round(overviewFresh.rps, 0),
      messages_nocache_rps: round(messagesFresh.rps, 0),
      overview_nocache_ratio: round(overviewFresh.rps / baseOverview.rps, 3),
      messages_nocache_ratio: round(messagesFresh.rps / baseMessages.rps, 3),
      overview_p50_ms: overview.p50Ms,
      overview_p99_ms: overview.p99Ms,
      messages_p50_ms: messages.p50Ms,
      messages_p99_ms: messages.p99Ms,
      overview_nocache_p50_ms: overviewFresh.p50Ms,
      overview_nocache_p99_ms: overviewFresh.p99Ms,
      messages_nocache_p50_ms: messagesFresh.p50Ms,
      messages_nocache_p99_ms: messagesFresh.p99Ms,
      baseline_overview_p99_ms: baseOverview.p99Ms,
      baseline_messages_p99_ms: baseMessages.p99Ms,
      // Server CPU time per request (µs, child load only): robust to the machine's load.
      ...Object.fromEntries(
        results.map((r) => [`${r.name}_cpu_us_per_req`, r.cpuUsPerRequest ?? null]),
      ),
      overview_bytes: overviewBody.length,
      messages_bytes: messagesBody.length,
      overview_store_ms: round(breakdown.overview.storeMs, 3),
      overview_handler_ms: round(breakdown.overview.handlerMs, 3),
      overview_serialize_ms: round(breakdown.overview.serializeMs, 3),
      overview_inject_ms: round(breakdown.overview.injectMs, 3),
      overview_inject_cached_ms: round(breakdown.overview.injectCachedMs, 3),
      messages_store_ms: round(breakdown.messages.storeMs, 3),
      messages_handler_ms: round(breakdown.messages.handlerMs, 3),
      messages_serialize_ms: round(breakdown.messages.serializeMs, 3),
      messages_inject_ms: round(breakdown.messages.injectMs, 3),
      messages_inject_cached_ms: round(breakdown.messages.injectCachedMs, 3),
      // The overview read model holding every chat (the server's holds the first 200).
      overview_model_all_items: modelMemory.items,
      overview_model_all_heap_mb: round(modelMemory.heapMb, 1),
      overview_model_all_build_ms: round(modelMemory.buildMs, 0),
      overview_model_items: app.server.ctx.overviews?.stats().items ?? 0,
      cache_hits: cache.hits,
      cache_misses: cache.misses,
      cache_stores: cache.stores,
      cache_discarded: cache.discarded,
      messages_url: paths.messages,
      load_mode: loadMode,
      connections: settings.connections,
      duration_s: settings.durationS,
      rounds,
      seeded_messages: seeded.messages,
      seed_s: round(seeded.seedMs / 1000, 1),
      load_avg_1m_start: round(loadStart),
      load_avg_1m_end: round(loadavg()[0] ?? 0),
      total_s: round((performance.now() - started) / 1000, 1),
    };
    printTable(results, result);
    console.log(JSON.stringify(result));
  } finally {
    await baseline.server.close();
  }
} finally {
  await app.server.close();
  await seeded.store.close();
  removeDir();
}

// --- internal ---

/** GETs a route once with the key; checks the status and item count; returns the exact bytes. */
async function fetchBody(
  url: string,
  items: number,
  requestHeaders: Record<string, string> = headers,
): Promise<Buffer> {
  const response = await fetch(url, { headers: requestHeaders });
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${body}`);
  const length = (JSON.parse(body.toString("utf8")) as unknown[]).length;
  if (length !== items) throw new Error(`${url}: ${length} items, expected ${items}`);
  return body;
}

/**
 * Loads one target (in a child process unless BENCH_LOAD=inprocess); with BENCH_PROFILE, the
 * app's routes are CPU-profiled one by one so each profile holds one route only.
 */
async function loadTarget(target: LoadTarget, slice: LoadSettings): Promise<Measured> {
  const load = async () =>
    loadMode === "child" ? await loadInChild(target, slice) : (await runLoad([target], slice))[0];
  const profileDir = process.env.BENCH_PROFILE;
  const result =
    profileDir && !target.name.startsWith("baseline")
      ? await profiled(profileDir, target.name, load).then(({ value, hot }) => {
          console.log(`hottest functions of ${target.name} (self time, server process):`);
          for (const f of hot)
            console.log(
              `  ${f.kind.padEnd(5)} ${String(f.percent).padStart(5)}%  ${f.name}  ${f.where}`,
            );
          return value;
        })
      : await load();
  if (!result) throw new Error(`no result for ${target.name}`);
  return result;
}

/**
 * Runs the load in a child process (same Node flags) and waits for its result, with this
 * process's CPU time (the server's) during the measured run.
 */
function loadInChild(target: LoadTarget, slice: LoadSettings): Promise<Measured> {
  const entry = fileURLToPath(new URL("./load-child.ts", import.meta.url));
  const child = fork(entry, [JSON.stringify({ targets: [target], settings: slice })], {
    execArgv: process.execArgv,
  });
  let cpuAtStart = process.cpuUsage();
  return new Promise((resolve, reject) => {
    child.on("message", (message: { measuring?: string; results?: LoadResult[] }) => {
      if (message.measuring) cpuAtStart = process.cpuUsage();
      const result = message.results?.[0];
      if (!result) return;
      const cpu = process.cpuUsage(cpuAtStart);
      resolve({ ...result, cpuUs: cpu.user + cpu.system });
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`load generator exited with ${code}`));
    });
  });
}

/** A measured run, with the server's CPU time when the load ran in a child. */
type Measured = LoadResult & { cpuUs?: number; cpuUsPerRequest?: number };

/** One target's rounds as one figure: mean req/s, median p50, worst p99, summed counts. */
function combine(name: string, parts: Measured[]): Measured {
  const sum = (pick: (part: Measured) => number) => parts.reduce((n, part) => n + pick(part), 0);
  const p50s = parts.map((part) => part.p50Ms).sort((a, b) => a - b);
  const requests = sum((part) => part.requests);
  const cpuUs = parts.every((part) => part.cpuUs !== undefined)
    ? sum((part) => part.cpuUs ?? 0)
    : undefined;
  return {
    name,
    rps: sum((part) => part.rps) / parts.length,
    p50Ms: p50s[Math.floor(p50s.length / 2)] ?? 0,
    p99Ms: Math.max(...parts.map((part) => part.p99Ms)),
    requests,
    failures: sum((part) => part.failures),
    ...(cpuUs === undefined
      ? {}
      : { cpuUs, cpuUsPerRequest: requests > 0 ? round(cpuUs / requests, 1) : null }),
  } as Measured;
}

function printTable(results: LoadResult[], result: Record<string, unknown>): void {
  const ratioOf = (name: string) => result[`${name}_ratio`] ?? "";
  console.log(
    `HTTP benchmark: ${settings.connections} connections, ${settings.durationS} s in ${rounds} rounds (+${settings.warmupS} s warm-up), pipelining 1, load ${loadMode}`,
  );
  console.log(`  messages URL: ${paths.messages}`);
  console.log(
    `  ${"route".padEnd(20)}${"req/s".padStart(10)}${"p50 ms".padStart(9)}${"p99 ms".padStart(9)}${"ratio".padStart(8)}`,
  );
  for (const r of results) {
    console.log(
      `  ${r.name.padEnd(20)}${r.rps.toFixed(0).padStart(10)}${String(r.p50Ms).padStart(9)}${String(r.p99Ms).padStart(9)}${String(ratioOf(r.name)).padStart(8)}`,
    );
  }
  const width = Math.max(...Object.keys(result).map((key) => key.length));
  for (const [key, value] of Object.entries(result))
    console.log(`  ${key.padEnd(width)}  ${value}`);
}
