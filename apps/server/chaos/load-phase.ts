/**
 * @module Chaos phase 2: `clients` concurrent clients for `seconds`, each looping over a mix of
 * reads (chats, overview, messages) and commands (archive, unarchive, unread, read, sendText) on
 * the load sessions, while the simulated contacts push messages into the same chats. A client
 * refused with a 503 waits its `Retry-After` before its next request. Then every pushed message
 * must be readable through the API.
 */
import type { SimulatorProcess } from "../bench/sessions/simulator-process.ts";
import { percentile, round } from "../bench/sessions/stats.ts";
import { isServerFailure, type Outcome, send } from "./http.ts";

/** What the load phase measured. */
export interface LoadReport {
  clients: number;
  seconds: number;
  requests: number;
  reads: Latency;
  writes: Latency & { accepted: number; busy: number };
  /** Per kind of request, the latency of those not refused (a 503). */
  answered: Record<string, Latency>;
  failures: number;
  examples: string[];
  pushed: number;
  readable: number;
  /** Seconds after the load until the last pushed message was readable. */
  readableAfterSeconds: number;
}

interface Latency {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Where the load goes: sessions and, per session, its chats. */
export interface LoadTarget {
  sessions: string[];
  chats: string[];
}

type Operation = { kind: string; write: boolean; method: string; path: string; body?: unknown };

/** Runs the clients and the pushing contacts; then checks every pushed message is readable. */
export async function runLoad(
  baseUrl: string,
  apiKey: string,
  sim: SimulatorProcess,
  target: LoadTarget,
  options: { clients: number; seconds: number; seed: number },
): Promise<LoadReport> {
  const random = mulberry32(options.seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const reads: number[] = [];
  const writes: number[] = [];
  let accepted = 0;
  let busy = 0;
  let failures = 0;
  const examples: string[] = [];
  const answered = new Map<string, number[]>();
  const record = (operation: Operation, outcome: Outcome) => {
    (operation.write ? writes : reads).push(outcome.ms);
    if (outcome.status !== 503) {
      const times = answered.get(operation.kind) ?? [];
      times.push(outcome.ms);
      answered.set(operation.kind, times);
    }
    if (operation.write && outcome.status === 503) busy += 1;
    else if (operation.write && outcome.status < 300) accepted += 1;
    if (isServerFailure(outcome)) {
      failures += 1;
      if (examples.length < 20) {
        examples.push(`${operation.method} ${operation.path} → ${outcome.status} ${outcome.text}`);
      }
    }
  };

  const deadline = performance.now() + options.seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const operation = nextOperation(pick(target.sessions), pick(target.chats), random);
      const body = operation.body === undefined ? undefined : JSON.stringify(operation.body);
      const outcome = await send(baseUrl, apiKey, {
        method: operation.method,
        path: operation.path,
        body,
        contentType: "application/json",
      });
      record(operation, outcome);
      // A client told to retry later does, as WAHA clients do: its next request waits that long.
      if (outcome.status === 503 && outcome.retryAfter !== null) {
        await new Promise((resolve) => setTimeout(resolve, Number(outcome.retryAfter) * 1000));
      }
    }
  };
  // The contacts write while the clients work: one message every 20 ms, round robin.
  const pushed: Array<{ session: string; chatId: string; id: string }> = [];
  const contacts = async () => {
    let n = 0;
    while (performance.now() < deadline) {
      const session = target.sessions[n % target.sessions.length] as string;
      const chatId = target.chats[
        Math.floor(n / target.sessions.length) % target.chats.length
      ] as string;
      const result = (await sim.call("pushIncomingText", session, chatId, `chaos ${n}`)) as {
        id: string;
      };
      pushed.push({ session, chatId, id: result.id });
      n += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  await Promise.all([contacts(), ...Array.from({ length: options.clients }, client)]);

  const ended = performance.now();
  const readable = await waitReadable(baseUrl, apiKey, pushed, 120_000);
  return {
    clients: options.clients,
    seconds: options.seconds,
    requests: reads.length + writes.length,
    reads: latency(reads),
    writes: { ...latency(writes), accepted, busy },
    answered: Object.fromEntries([...answered].map(([kind, values]) => [kind, latency(values)])),
    failures,
    examples,
    pushed: pushed.length,
    readable,
    readableAfterSeconds: round((performance.now() - ended) / 1000),
  };
}

// --- internal ---

/** Half reads, half commands; a tenth of all requests send a message. */
function nextOperation(session: string, chatId: string, random: () => number): Operation {
  const chat = `/api/${session}/chats/${encodeURIComponent(chatId)}`;
  const roll = random();
  const read = (kind: string, path: string) => ({ kind, write: false, method: "GET", path });
  const command = (kind: string, body?: unknown) => ({
    kind,
    write: true,
    method: "POST",
    path: `${chat}/${kind}`,
    ...(body === undefined ? {} : { body }),
  });
  if (roll < 0.2) return read("chats", `/api/${session}/chats?limit=20`);
  if (roll < 0.35) return read("overview", `/api/${session}/chats/overview`);
  if (roll < 0.5) return read("messages", `${chat}/messages?limit=20`);
  if (roll < 0.6) return command("archive");
  if (roll < 0.7) return command("unarchive");
  if (roll < 0.8) return command("unread");
  if (roll < 0.9) return command("messages/read", {});
  return {
    kind: "sendText",
    write: true,
    method: "POST",
    path: "/api/sendText",
    body: { session, chatId, text: `load ${Math.floor(random() * 1e9)}` },
  };
}

function latency(values: number[]): Latency {
  return {
    count: values.length,
    p50Ms: round(percentile(values, 50)),
    p99Ms: round(percentile(values, 99)),
    maxMs: round(Math.max(0, ...values)),
  };
}

/** Polls each chat's messages until every pushed id is there (or the time is up); the count found. */
async function waitReadable(
  baseUrl: string,
  apiKey: string,
  pushed: Array<{ session: string; chatId: string; id: string }>,
  timeoutMs: number,
): Promise<number> {
  const byChat = new Map<string, Set<string>>();
  for (const { session, chatId, id } of pushed) {
    const key = `${session}\n${chatId}`;
    if (!byChat.has(key)) byChat.set(key, new Set());
    byChat.get(key)?.add(`false_${chatId}_${id}`);
  }
  const deadline = performance.now() + timeoutMs;
  let found = 0;
  for (;;) {
    found = 0;
    for (const [key, ids] of byChat) {
      const [session, chatId] = key.split("\n") as [string, string];
      const path = `/api/${session}/chats/${encodeURIComponent(chatId)}/messages?limit=10000`;
      const stored = await messageIds(baseUrl, apiKey, path);
      for (const id of ids) if (stored.has(id)) found += 1;
    }
    if (found === pushed.length || performance.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** The ids of a messages page; none when the page is not a 200. */
async function messageIds(baseUrl: string, apiKey: string, path: string): Promise<Set<string>> {
  const answer = await send(baseUrl, apiKey, { method: "GET", path }, Number.POSITIVE_INFINITY);
  if (answer.status !== 200) return new Set();
  const messages = JSON.parse(answer.text) as Array<{ id: string }>;
  return new Set(messages.map((message) => message.id));
}

/** A small seeded PRNG, so a run's mix of operations is the same every time. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
