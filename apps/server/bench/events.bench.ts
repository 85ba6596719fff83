/**
 * @module The events benchmark (`pnpm bench:events`): the server's webhook delivery from the
 * outbox of a temp SQLite file to a receiver in another process on 127.0.0.1, HMAC on.
 * 1. Throughput: 20,000 events written first, then delivered (`BENCH_CONCURRENCY`, 32, POSTs in
 *    flight; each chat's events in order).
 * 2. Latency: a steady 1,000 events/s for 10 s; p50/p99 from the event's timestamp (set inside
 *    the write transaction, before the commit's fsync) to its arrival at the receiver.
 * 3. Ingestion of live messages with no webhook, then with a receiver that answers after 10 s
 *    holding all its connections: the ratio shows whether a slow receiver slows the store.
 * CPU time per delivered event is reported too: it depends far less on the machine's load.
 * Prints a table, then as its last line one JSON object.
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DomainEvent, type StoredMessage, silentLogger } from "@wa/core";
import { createSqliteStore } from "@wa/store";
import { message } from "@wa/store/testing";
import { createEventsContext } from "../src/events/events-context.ts";
import { publishingStore } from "../src/events/publishing-store.ts";
import { createEventBus } from "../src/sessions/event-bus.ts";

const KEY = "bench-hmac-key";
const CHATS = 200;
const BACKLOG_MESSAGES = Number(process.env.BENCH_EVENTS ?? 20_000) / 2; // message + message.any
const RATE = 1000;
const STEADY_S = Number(process.env.BENCH_STEADY_S ?? 10);
const INGEST_MESSAGES = 20_000;
/** POSTs in flight per webhook (`WA_WEBHOOK_CONCURRENCY`; the server's default is 8). */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

const dir = mkdtempSync(join(tmpdir(), "wa-events-bench-"));
const started = performance.now();
const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

const receiver = await startReceiver();
const bus = createEventBus();
const store = createSqliteStore({ file: join(dir, "wa.sqlite3") });
const events = createEventsContext({
  store: publishingStore(store, bus),
  bus,
  config: { delivery: { concurrency: CONCURRENCY, timeoutMs: 15_000 } },
  version: "bench",
  defaultEngine: "noweb",
  logger: silentLogger,
});
const hook = (path: string) => ({
  url: `http://127.0.0.1:${receiver.port}${path}`,
  events: ["message", "message.any"],
  hmac: { key: KEY },
});
let counter = 0;
const live = (n: number): DomainEvent[] =>
  Array.from({ length: n }, () => {
    const i = counter++;
    const stored: StoredMessage = message(
      `${1_000_000 + (i % CHATS)}@c.us`,
      `BENCH${i}`,
      1_700_000_000 + i,
    );
    return { type: "message.upsert", messages: [stored], notify: true };
  });
const publishing = publishingStore(store, bus);

try {
  await events.start();
  const loadStart = loadavg()[0] ?? 0;

  // 1. Throughput: the backlog is written with the target registered, then delivery starts.
  await store.outbox.openTarget("tp", `config:${hook("/hook").url}`, 0);
  for (let i = 0; i < BACKLOG_MESSAGES; i += 500) await store.apply("tp", live(500));
  const backlog = BACKLOG_MESSAGES * 2;
  const deliverStart = performance.now();
  const deliverCpu = process.cpuUsage();
  await events.webhooks.sync("tp", { webhooks: [hook("/hook")] });
  await waitFor(async () => (await receiver.stats()).unique >= backlog, 300_000);
  const deliverMs = performance.now() - deliverStart;
  const cpu = process.cpuUsage(deliverCpu);
  const throughput = await receiver.stats();
  await events.webhooks.forget("tp");
  await receiver.reset();

  // 2. Latency at a steady 1,000 events/s (500 messages/s, each message + message.any).
  await events.webhooks.sync("lat", { webhooks: [hook("/hook")] }, 0);
  const tickMs = 10;
  const perTick = (RATE / 2) * (tickMs / 1000);
  const steadyStart = performance.now();
  let ticks = 0;
  while (performance.now() - steadyStart < STEADY_S * 1000) {
    await publishing.apply("lat", live(perTick));
    ticks++;
    const due = steadyStart + ticks * tickMs;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
  }
  const sent = ticks * perTick * 2;
  const achievedRate = sent / ((performance.now() - steadyStart) / 1000);
  await waitFor(async () => (await receiver.stats()).unique >= sent, 60_000);
  const latency = await receiver.stats();
  await events.webhooks.forget("lat");
  await receiver.reset();

  // 3. Ingestion with no webhook, then with a 10 s receiver (and a fast one) delivering.
  const ingest = async (session: string) => {
    const begin = performance.now();
    for (let i = 0; i < INGEST_MESSAGES; i += 50) await publishing.apply(session, live(50));
    return INGEST_MESSAGES / ((performance.now() - begin) / 1000);
  };
  const plain = await ingest("plain");
  await events.webhooks.sync("slow", { webhooks: [hook("/slow")] }, 0);
  const withSlow = await ingest("slow");
  const slow = await receiver.stats();

  const result = {
    events_per_s: Math.round(backlog / (deliverMs / 1000)),
    concurrency: CONCURRENCY,
    backlog_events: backlog,
    backlog_delivered: throughput.unique,
    delivery_cpu_us_per_event: round((cpu.user + cpu.system) / backlog),
    delivery_p50_ms: round(percentile(latency.delays, 50)),
    delivery_p99_ms: round(percentile(latency.delays, 99)),
    delivery_max_ms: round(Math.max(...latency.delays)),
    steady_events: sent,
    steady_rate_per_s: Math.round(achievedRate),
    bad_signatures: throughput.badSignatures + latency.badSignatures,
    ingest_msgs_per_s_no_webhook: Math.round(plain),
    ingest_msgs_per_s_slow_webhook: Math.round(withSlow),
    ingest_slow_ratio: round(withSlow / plain, 2),
    slow_receiver_answered: slow.slowCount,
    load_avg_1m_start: round(loadStart, 2),
    load_avg_1m_end: round(loadavg()[0] ?? 0, 2),
    total_s: round((performance.now() - started) / 1000),
  };
  const width = Math.max(...Object.keys(result).map((key) => key.length));
  console.log("events benchmark (SQLite outbox → webhooks over loopback, HMAC on)");
  for (const [key, value] of Object.entries(result))
    console.log(`  ${key.padEnd(width)}  ${value}`);
  console.log(JSON.stringify(result));
} finally {
  await events.close();
  await store.close();
  receiver.stop();
  rmSync(dir, { recursive: true, force: true });
}

// --- internal ---

async function waitFor(check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("the receiver did not get every event in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Stats {
  count: number;
  unique: number;
  slowCount: number;
  badSignatures: number;
  delays: number[];
}

async function startReceiver() {
  const script = fileURLToPath(new URL("./events/receiver-child.ts", import.meta.url));
  const child: ChildProcess = fork(script, [KEY, "10000"], {
    execArgv: ["--conditions=@wa/source", "--import", "tsx"],
  });
  const next = <T>() => new Promise<T>((resolve) => child.once("message", (m) => resolve(m as T)));
  const { port } = await next<{ port: number }>();
  return {
    port,
    stats: () => {
      const answer = next<Stats>();
      child.send({ op: "stats" });
      return answer;
    },
    reset: () => {
      const answer = next<unknown>();
      child.send({ op: "reset" });
      return answer;
    },
    stop: () => child.kill(),
  };
}
