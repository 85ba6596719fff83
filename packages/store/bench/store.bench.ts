/**
 * @module The store benchmark (`pnpm bench:store`): seeds a fresh temp database through `apply()`
 * with history batches, then times the overview and message pages, then ingests the same data
 * into a second database beside a CPU-bound process pinned to the same cores. Prints a table, and
 * as its last line one JSON object with every figure. `--pg`: the same on the PostgreSQL store,
 * in a throwaway cluster (default settings: fsync and synchronous_commit on), one schema per run.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import type { HistoryBatchEvent, MessagesQuery } from "@wa/core";
import postgres from "postgres";
import { startPostgres } from "../src/contract/postgres-cluster.ts";
import { createSqliteStore, type Store } from "../src/index.ts";
import { createPostgresStore } from "../src/postgres/index.ts";
import {
  BIG_CHAT_SPAN,
  bigChatIds,
  messageBatches,
  metadataBatch,
  SEED,
  seededMessages,
} from "./seed.ts";

const SESSION = "bench";
const dir = mkdtempSync(join(tmpdir(), "wa-store-bench-"));
const file = join(dir, "wa.sqlite3");
const cluster = process.argv.includes("--pg") ? await startPostgres() : null;
/** A new empty store: a SQLite file in the temp folder, or (`--pg`) a schema of the cluster. */
const openStore = async (name: string): Promise<Store> =>
  cluster
    ? createPostgresStore({ url: cluster.url, schema: name })
    : createSqliteStore({ file: join(dir, `${name}.sqlite3`) });
const started = performance.now();
const loadAtStart = Number((loadavg()[0] ?? 0).toFixed(2));

const percentile = (samples: number[], p: number): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/** One ingestion run: what `ingest()` measured. */
interface Ingestion {
  ms: number;
  msgsPerSecond: number;
  loopP99Ms: number;
  loopMaxMs: number;
  cpuUsPerMessage: number;
  mainThreadUsPerMessage: number;
  loadStart: number;
  loadEnd: number;
  /** apply() calls (history batches). */
  batches: number;
  /** The first message batch, kept to check that a replay changes nothing. */
  replay: HistoryBatchEvent | undefined;
}

/**
 * Seeds `target` through `apply()` with every history batch, one awaited call each (as an engine
 * hands them over), timing the calls alone and the event-loop delay meanwhile.
 */
async function ingest(target: Store): Promise<Ingestion> {
  const metadata = metadataBatch();
  const pending = messageBatches();
  const replay = pending[0];
  const loadStart = round(loadavg()[0] ?? 0, 2);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const elu = performance.eventLoopUtilization();
  const mainCpu = mainThreadCpuMs();
  const start = performance.now();
  const cpu = process.cpuUsage();
  await target.apply(SESSION, metadata);
  for (let index = 0; index < pending.length; index++) {
    const batch = pending[index];
    pending[index] = undefined as never; // applied batches can be collected
    if (batch) await target.apply(SESSION, batch);
  }
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const active = performance.eventLoopUtilization(elu).active;
  const mainCpuMs = mainCpu === null ? null : (mainThreadCpuMs() ?? 0) - mainCpu;
  loop.disable();
  const messages = seededMessages();
  return {
    ms,
    msgsPerSecond: Math.round((messages / ms) * 1000),
    loopP99Ms: round(loop.percentile(99) / 1e6, 1),
    loopMaxMs: round(loop.max / 1e6, 1),
    cpuUsPerMessage: round((used.user + used.system) / messages, 2),
    mainThreadUsPerMessage: round(((mainCpuMs ?? active) * 1000) / messages, 2),
    loadStart,
    loadEnd: round(loadavg()[0] ?? 0, 2),
    batches: pending.length + 1,
    replay,
  };
}

/**
 * CPU time of the main thread alone (Linux: `/proc/self/task/<pid>/stat`, in clock ticks of 10 ms),
 * or null elsewhere (the event loop's busy time is used then, which a loaded machine inflates).
 */
function mainThreadCpuMs(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/**
 * A CPU-bound process beside the bench: a node process spinning, pinned with `taskset` to the
 * cores this process may run on (without `taskset`, unpinned on the same machine).
 */
function startBusyProcess(): { child: ChildProcess; description: string } {
  const spin = ["-e", "for (;;) {}"];
  const cores = affinityOf(process.pid);
  if (cores) {
    const child = spawn("taskset", ["-c", cores, process.execPath, ...spin], { stdio: "ignore" });
    return {
      child,
      description: `one node process spinning a CPU, taskset -c ${cores} (the bench's own cores)`,
    };
  }
  const child = spawn(process.execPath, spin, { stdio: "ignore" });
  return { child, description: "one node process spinning a CPU (no taskset: not pinned)" };
}

/** The CPU list `taskset` reports for a process (`0-1`), or null without `taskset`. */
function affinityOf(pid: number): string | null {
  try {
    const output = execFileSync("taskset", ["-pc", String(pid)], { encoding: "utf8" });
    return output.split(":").pop()?.trim() || null;
  } catch {
    return null;
  }
}

const store = await openStore("wa");
try {
  // --- the machine's floor: event-loop delay of this process doing nothing but 2 ms slices ------
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

  // --- ingestion: the data is made first; only apply() is timed -------------------------------
  const idle = await ingest(store);
  const counts = await store.counts(SESSION);
  const replay = idle.replay;

  // Replaying a batch changes no count (idempotence, checked here at scale too).
  if (replay) await store.apply(SESSION, replay);
  const replayCounts = await store.counts(SESSION);
  if (JSON.stringify(replayCounts) !== JSON.stringify(counts)) {
    throw new Error(
      `replay changed counts: ${JSON.stringify(counts)} → ${JSON.stringify(replayCounts)}`,
    );
  }

  // --- overview --------------------------------------------------------------------------------
  const overview: number[] = [];
  for (let i = 0; i < 20; i++) await store.overview(SESSION, { limit: 20, offset: 0, merge: true });
  for (let i = 0; i < 300; i++) {
    overview.push(await time(() => store.overview(SESSION, { limit: 20, offset: 0, merge: true })));
  }
  const overviewPage = await store.overview(SESSION, { limit: 20, offset: 0, merge: true });

  // --- messages --------------------------------------------------------------------------------
  const big = bigChatIds();
  // A range that cuts a few days off both ends of the big chats, at no day's edge.
  const gte = SEED.baseTimestamp + 3 * 86_400 + 1_234;
  const lte = SEED.baseTimestamp + BIG_CHAT_SPAN + 2 * 86_400 - 777;
  const page = (offset: number): MessagesQuery => ({
    limit: 100,
    offset,
    sortOrder: "desc",
    downloadMedia: false,
    merge: true,
    filter: { fromMe: false, ack: 3, timestampGte: gte, timestampLte: lte },
  });
  const first: number[] = [];
  // The first page of each chat once, before any warm-up: the cold counterpart of the deep page.
  const firstCold: number[] = [];
  for (const chat of big)
    firstCold.push(await time(() => store.listMessages(SESSION, chat, page(0))));
  for (let round = 0; round < 30; round++) {
    for (const chat of big)
      first.push(await time(() => store.listMessages(SESSION, chat, page(0))));
  }
  const deepCold: number[] = [];
  let deepRows = 0;
  for (const chat of big) {
    deepCold.push(
      await time(async () => {
        deepRows = (await store.listMessages(SESSION, chat, page(90_000))).length;
      }),
    );
  }
  if (deepRows !== 100) throw new Error(`the deep page held ${deepRows} messages, not 100`);
  const deep: number[] = [];
  for (let round = 0; round < 30; round++) {
    for (const chat of big)
      deep.push(await time(() => store.listMessages(SESSION, chat, page(90_000))));
  }
  // Sequential paging past the deep page: each page seeks from the previous page's last row.
  const sequential: number[] = [];
  for (const chat of big) {
    for (let offset = 90_100; offset < 92_000; offset += 100) {
      sequential.push(await time(() => store.listMessages(SESSION, chat, page(offset))));
    }
  }

  // Every chat at once (`all`): the timeline index orders them; no day buckets (plain OFFSET).
  const all: number[] = [];
  for (let i = 0; i < 3; i++) {
    all.push(
      await time(() => store.listMessages(SESSION, "all", { ...page(0), limit: 10, filter: {} })),
    );
  }

  // The footprint while open: the database file plus its write-ahead log (PostgreSQL: the
  // schema's tables and indexes).
  const dbBytes = cluster
    ? await schemaBytes(cluster.url, "wa")
    : [file, `${file}-wal`].reduce((sum, path) => {
        try {
          return sum + statSync(path).size;
        } catch {
          return sum;
        }
      }, 0);
  await store.close();

  // --- the same ingestion beside a CPU-bound process on the same cores, into a new database ----
  const loadedStore = await openStore("loaded");
  const busy = startBusyProcess();
  let loaded: Ingestion;
  try {
    await new Promise((resolve) => setTimeout(resolve, 500)); // the busy process is spinning
    loaded = await ingest(loadedStore);
  } finally {
    busy.child.kill("SIGKILL");
    await loadedStore.close();
  }

  const result = {
    store: cluster ? "postgres" : "sqlite",
    ...(cluster ? { postgres_settings: "throwaway cluster, fsync on, synchronous_commit on" } : {}),
    chats: counts.chats,
    messages: counts.messages,
    contacts: counts.contacts,
    lid_mappings: counts.lidMappings,
    history_batches: idle.batches,
    big_chat_span_days: round(BIG_CHAT_SPAN / 86_400, 1),
    ingest_ms: round(idle.ms, 0),
    ingest_msgs_per_s: idle.msgsPerSecond,
    ingest_loop_delay_p99_ms: idle.loopP99Ms,
    ingest_loop_delay_max_ms: idle.loopMaxMs,
    // The same measure for a process doing only 2 ms of work per turn: what this machine's other
    // load alone adds to every event-loop figure.
    idle_loop_delay_p99_ms: round(floor.percentile(99) / 1e6, 1),
    // CPU time this process (main thread and ingest worker) spent per ingested message (less
    // sensitive to a busy machine), and the main thread's own CPU time per message: what
    // ingestion takes from the event loop.
    ingest_cpu_us_per_msg: idle.cpuUsPerMessage,
    ingest_main_thread_us_per_msg: idle.mainThreadUsPerMessage,
    ingest_load_avg_1m_start: idle.loadStart,
    ingest_load_avg_1m_end: idle.loadEnd,
    // The same ingestion into a new database while `ingest_loaded_beside` spins on the same cores.
    ingest_msgs_per_s_loaded: loaded.msgsPerSecond,
    ingest_loaded_loop_delay_p99_ms: loaded.loopP99Ms,
    ingest_loaded_loop_delay_max_ms: loaded.loopMaxMs,
    ingest_loaded_cpu_us_per_msg: loaded.cpuUsPerMessage,
    ingest_loaded_main_thread_us_per_msg: loaded.mainThreadUsPerMessage,
    ingest_loaded_beside: busy.description,
    ingest_loaded_load_avg_1m_start: loaded.loadStart,
    ingest_loaded_load_avg_1m_end: loaded.loadEnd,
    overview_rows: overviewPage.length,
    overview_p50_ms: round(percentile(overview, 50)),
    overview_p99_ms: round(percentile(overview, 99)),
    messages_first_p50_ms: round(percentile(first, 50)),
    messages_first_p99_ms: round(percentile(first, 99)),
    messages_first_cold_ms: round(percentile(firstCold, 50)),
    messages_deep_p50_ms: round(percentile(deep, 50)),
    messages_deep_p99_ms: round(percentile(deep, 99)),
    messages_deep_cold_ms: round(percentile(deepCold, 50)),
    messages_deep_cold_max_ms: round(Math.max(...deepCold)),
    // The deep page against the first page, both warm (p50s of the same rounds).
    messages_deep_ratio: round(percentile(deep, 50) / percentile(first, 50), 2),
    // The first deep page of each chat (nothing cached) against the warm first page.
    messages_deep_cold_ratio: round(percentile(deepCold, 50) / percentile(first, 50), 2),
    // The first deep page of each chat against the first page of each chat, both cold.
    messages_deep_cold_to_first_cold_ratio: round(
      percentile(deepCold, 50) / percentile(firstCold, 50),
      2,
    ),
    messages_sequential_p50_ms: round(percentile(sequential, 50)),
    messages_sequential_p99_ms: round(percentile(sequential, 99)),
    messages_all_first_ms: round(percentile(all, 50)),
    db_bytes: dbBytes,
    // The 1-minute load average at the start and at the end: other work on this 2-core machine
    // slows every figure above (ingestion has its own, above).
    load_avg_1m_start: loadAtStart,
    load_avg_1m_end: round(loadavg()[0] ?? 0, 2),
    total_s: round((performance.now() - started) / 1000, 1),
  };
  const width = Math.max(...Object.keys(result).map((key) => key.length));
  console.log(`store benchmark (${cluster ? "PostgreSQL" : "SQLite"}, one session)`);
  for (const [key, value] of Object.entries(result))
    console.log(`  ${key.padEnd(width)}  ${value}`);
  console.log(JSON.stringify(result));
} finally {
  rmSync(dir, { recursive: true, force: true });
  await cluster?.stop();
}

/** The bytes of a PostgreSQL schema's tables with their indexes. */
async function schemaBytes(url: string, schema: string): Promise<number> {
  const sql = postgres(url, { onnotice: false });
  try {
    const [row] = await sql`SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::float8 AS bytes
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ${schema} AND c.relkind = 'r'`;
    return Number(row?.bytes ?? 0);
  } finally {
    await sql.end();
  }
}
