/**
 * @module The store benchmark (`pnpm bench:store`): seeds a fresh temp database through `apply()`
 * with history batches, then times the overview and message pages, then ingests the same data
 * into a second database beside a CPU-bound process pinned to the same cores. Prints a table, and
 * as its last line one JSON object with every figure. `--pg`: the same on the PostgreSQL store,
 * in a throwaway cluster (default settings: fsync and synchronous_commit on), one schema per run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startPostgres } from "../src/contract/postgres-cluster.ts";
import { createSqliteStore, type Store } from "../src/index.ts";
import { createPostgresStore } from "../src/postgres/index.ts";
import { startBusyProcess } from "./busy-process.ts";
import { schemaBytes, sqliteBytes } from "./footprint.ts";
import { type Ingestion, ingest } from "./ingest.ts";
import { measureLoopFloorP99Ms } from "./loop-floor.ts";
import { percentile, round } from "./measure.ts";
import { measureMessages, measureOverview } from "./reads.ts";
import { BIG_CHAT_SPAN } from "./seed.ts";

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

const store = await openStore("wa");
try {
  const idleLoopP99Ms = await measureLoopFloorP99Ms();

  // --- ingestion: the data is made first; only apply() is timed -------------------------------
  const idle = await ingest(store, SESSION);
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

  const { overview, rows: overviewRows } = await measureOverview(store, SESSION);
  const { first, firstCold, deep, deepCold, sequential, all } = await measureMessages(
    store,
    SESSION,
  );

  // The footprint while open: the database file plus its write-ahead log (PostgreSQL: the
  // schema's tables and indexes).
  const dbBytes = cluster ? await schemaBytes(cluster.url, "wa") : sqliteBytes(file);
  await store.close();

  // --- the same ingestion beside a CPU-bound process on the same cores, into a new database ----
  const loadedStore = await openStore("loaded");
  const busy = startBusyProcess();
  let loaded: Ingestion;
  try {
    await new Promise((resolve) => setTimeout(resolve, 500)); // the busy process is spinning
    loaded = await ingest(loadedStore, SESSION);
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
    idle_loop_delay_p99_ms: idleLoopP99Ms,
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
    overview_rows: overviewRows,
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
