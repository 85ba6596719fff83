/**
 * @module Ingestion CPU probe: applies the first N seeded messages (default 200,000) to a fresh
 * temp database and prints the CPU per message of `apply()` alone. Run with `--cpu-prof` to see
 * where it goes: `node --conditions=@wa/source --import tsx packages/store/bench/ingest-cpu.ts`.
 * `--pg`: the same on the PostgreSQL store in a throwaway cluster (default settings, as
 * `bench:store --pg`), printing the wall-clock rate too: the server's share is not in the CPU.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PerformanceObserver, performance } from "node:perf_hooks";
import { startPostgres } from "../src/contract/postgres-cluster.ts";
import { createSqliteStore } from "../src/index.ts";
import { createPostgresStore } from "../src/postgres/index.ts";
import { messageBatches, metadataBatch } from "./seed.ts";
import { busiestOtherThread, threadCpuMs } from "./thread-cpu.ts";

const args = process.argv.slice(2).filter((arg) => arg !== "--pg");
const limit = Number(args[0] ?? 200_000);
const cluster = process.argv.includes("--pg") ? await startPostgres() : null;
const dir = mkdtempSync(join(tmpdir(), "wa-store-ingest-"));
const batches = [];
let messages = 0;
for (const batch of messageBatches()) {
  if (messages >= limit) break;
  batches.push(batch);
  messages += batch.messages.length;
}
// Unit and transaction sizes can be tried without editing the store: UNIT_ROWS, TRANSACTION_ROWS,
// and the ingest worker's INGEST_TRANSACTION_ROWS.
const unitRows = process.env.UNIT_ROWS ? { unitRows: Number(process.env.UNIT_ROWS) } : {};
const store = cluster
  ? await createPostgresStore({ url: cluster.url, schema: "ingest", ...unitRows })
  : createSqliteStore({
      file: join(dir, "wa.sqlite3"),
      ...unitRows,
      ...(process.env.TRANSACTION_ROWS
        ? { transactionRows: Number(process.env.TRANSACTION_ROWS) }
        : {}),
      ...(process.env.INGEST_TRANSACTION_ROWS
        ? { ingestTransactionRows: Number(process.env.INGEST_TRANSACTION_ROWS) }
        : {}),
    });
try {
  await store.apply("bench", metadataBatch());
  let gcMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  });
  gc.observe({ entryTypes: ["gc"] });
  // process.cpuUsage() is the whole process's (getrusage): the ingest worker's CPU is in it.
  const cpu = process.cpuUsage();
  const threads = threadCpuMs();
  const start = performance.now();
  for (const batch of batches) await store.apply("bench", batch);
  const used = process.cpuUsage(cpu);
  const { busiestMs, restMs } = busiestOtherThread(threads, threadCpuMs());
  const mainMs = (threadCpuMs().get(process.pid) ?? 0) - (threads.get(process.pid) ?? 0);
  const ms = performance.now() - start;
  gc.disconnect();
  console.log(
    JSON.stringify({
      messages,
      msgs_per_s: Math.round((messages / ms) * 1000),
      cpu_us_per_msg: Number(((used.user + used.system) / messages).toFixed(2)),
      user_us_per_msg: Number((used.user / messages).toFixed(2)),
      system_us_per_msg: Number((used.system / messages).toFixed(2)),
      // Per thread (Linux, 10 ms ticks): the main thread, the busiest other (the ingest worker),
      // and the rest (GC helpers, the libuv pool's fsyncs).
      main_thread_us_per_msg: Number(((mainMs * 1000) / messages).toFixed(2)),
      worker_us_per_msg: Number(((busiestMs * 1000) / messages).toFixed(2)),
      other_threads_us_per_msg: Number(((restMs * 1000) / messages).toFixed(2)),
      // Main-thread GC pauses during apply(), per message.
      gc_us_per_msg: Number(((gcMs * 1000) / messages).toFixed(2)),
    }),
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  await cluster?.stop();
}
