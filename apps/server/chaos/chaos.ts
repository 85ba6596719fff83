/**
 * @module `pnpm test:chaos`: the real server process over NOWEB against the simulator in its own
 * process, as a hostile crowd would use it.
 *
 * 1. Warm-up: pair `default` (the session the fuzz values name) and the load sessions, run a short
 *    load, delete the load sessions; then sample RSS (after a full GC) and open descriptors.
 * 2. Fuzz: ≥ 20,000 generated requests over every route of the server's OpenAPI document, fixed
 *    seed (`CHAOS_SEED`) → no 5xx.
 * 3. Load: fresh load sessions, paired and left 20 s to finish their first sync
 *    (`CHAOS_SETTLE_SECONDS`), then 200 clients for 30 s mixing reads and commands while contacts
 *    push messages → no 5xx, p99 of commands ≤ 2 s (a 503 with `Retry-After` counts, at its own
 *    latency), every pushed message readable.
 * 4. Every session the run created is deleted → RSS and descriptors back within 10 % of step 1's.
 *
 * Prints a JSON line last with its figures and `pass`; exits 1 when a bound is not met.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { HistorySeed } from "@wa/engine-testkit";
import { benchSeed, createApi, pairSession } from "../bench/sessions/api.ts";
import { startServerProcess } from "../bench/sessions/server-process.ts";
import { startSimulatorProcess } from "../bench/sessions/simulator-process.ts";
import { round } from "../bench/sessions/stats.ts";
import { runFuzz } from "./fuzz-phase.ts";
import { closeConnections } from "./http.ts";
import { runLoad } from "./load-phase.ts";
import { type Resources, sampleResources, withinRatio } from "./resources.ts";

const SEED = Number(process.env.CHAOS_SEED ?? 20261205);
const FUZZ_REQUESTS = Number(process.env.CHAOS_FUZZ_REQUESTS ?? 20_000);
const CLIENTS = Number(process.env.CHAOS_CLIENTS ?? 200);
const SECONDS = Number(process.env.CHAOS_SECONDS ?? 30);
const LOAD_SESSIONS = 4;
const SETTLE_SECONDS = Number(process.env.CHAOS_SETTLE_SECONDS ?? 20);
const WRITE_P99_BOUND_MS = 2000;
const RESOURCE_RATIO = 0.1;
const API_KEY = "chaos-test-strong-key-0123456789";

/** The chats the fuzz values name (`11111111111@c.us`, ...), so fuzzed commands reach the engine. */
const FUZZ_SEED: HistorySeed = {
  chats: [
    {
      id: "11111111111@c.us",
      name: "Alice",
      messages: [
        { id: "A1", fromMe: true, text: "hello alice", timestamp: 1_700_000_000 },
        { id: "A2", fromMe: false, text: "hi there", timestamp: 1_700_000_100 },
        { id: "A3", fromMe: false, text: "how are you?", timestamp: 1_700_000_200 },
      ],
    },
  ],
};

const log = (line: string) => process.stderr.write(`[chaos] ${line}\n`);

const dataDir = mkdtempSync(join(tmpdir(), "wa-chaos-"));
const sim = await startSimulatorProcess();
const server = await startServerProcess({
  dataDir,
  apiKey: API_KEY,
  simulatorUrl: sim.url,
  certRootPublicKey: sim.certRootPublicKey,
  logFile: join(dataDir, "server.log"),
  // Fuzzed creates start NOWEB sessions; the limit keeps their number (and the run) bounded.
  env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "warn", WA_MAX_SESSIONS: "32" },
});
const api = createApi(server.url, API_KEY);
const seed = benchSeed(5, 10);
const chats = seed.chats.map((chat) => chat.id);

let exitCode = 1;
try {
  log(`server ${server.url} (pid ${server.pid}), data in ${dataDir}`);
  await pairSession(api, sim, "default", FUZZ_SEED);

  log("warm-up");
  const warm = Array.from({ length: LOAD_SESSIONS }, (_, i) => `warm${i}`);
  for (const name of warm) await pairSession(api, sim, name, seed);
  await runLoad(
    server.url,
    API_KEY,
    sim,
    { sessions: warm, chats },
    {
      clients: 20,
      seconds: 3,
      seed: SEED,
    },
  );
  await deleteAllBut(["default"]);
  await closeConnections();
  const start = await sampleResources(server);
  log(`start: ${JSON.stringify(start)}`);

  log(`fuzz: ${FUZZ_REQUESTS} requests, seed ${SEED}`);
  const fuzz = await runFuzz(server.url, API_KEY, {
    seed: SEED,
    count: FUZZ_REQUESTS,
    concurrency: 8,
    protect: "default",
  });
  log(`fuzz: ${JSON.stringify(fuzz)}`);

  // The sessions the fuzz created go first: their places under WA_MAX_SESSIONS are the load's.
  let deleted = await deleteAllBut(["default"]);

  log(`load: ${CLIENTS} clients for ${SECONDS} s`);
  const sessions = Array.from({ length: LOAD_SESSIONS }, (_, i) => `chaos${i}`);
  for (const name of sessions) await pairSession(api, sim, name, seed);
  // Right after pairing, NOWEB's first app-state sync holds commands (and, through the receipt
  // gate, every outgoing frame) for about 20 s; the load measures sessions past that.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_SECONDS * 1000));
  const loadAverage = round(loadavg()[0] ?? 0);
  const load = await runLoad(
    server.url,
    API_KEY,
    sim,
    { sessions, chats },
    {
      clients: CLIENTS,
      seconds: SECONDS,
      seed: SEED,
    },
  );
  log(`load: ${JSON.stringify(load)}`);
  const status = (await api.get("/api/server/status")).body as { eventLoopDelay?: unknown };

  deleted += await deleteAllBut(["default"]);
  await closeConnections();
  const end = await settledResources(start);
  const defaultStatus = ((await api.get("/api/sessions/default")).body as { status?: string })
    .status;

  const checks = {
    fuzzNo5xx: fuzz.failures === 0 && fuzz.requests >= 20_000,
    loadNo5xx: load.failures === 0,
    writesP99: load.writes.p99Ms <= WRITE_P99_BOUND_MS,
    pushedReadable: load.readable === load.pushed && load.pushed > 0,
    resourcesBack: withinRatio(start, end, RESOURCE_RATIO),
  };
  const pass = Object.values(checks).every(Boolean);
  exitCode = pass ? 0 : 1;
  process.stdout.write(
    `${JSON.stringify({
      pass,
      checks,
      loadAverageAtLoad: loadAverage,
      fuzz: { ...fuzz, seconds: round(fuzz.seconds) },
      load,
      serverEventLoopDelayMs: status.eventLoopDelay,
      sessionsDeleted: deleted,
      defaultSessionAfter: defaultStatus,
      resources: { start, end },
    })}\n`,
  );
} catch (error) {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  await server.stop();
  await sim.stop();
  if (exitCode === 0) rmSync(dataDir, { recursive: true, force: true });
  else log(`kept ${dataDir} (server.log) for a look`);
}
process.exit(exitCode);

// --- internal ---

/** Deletes every session except `keep`; returns how many. */
async function deleteAllBut(keep: string[]): Promise<number> {
  const all = (await api.get("/api/sessions?all=true")).body as Array<{ name: string }>;
  const doomed = all.map((session) => session.name).filter((name) => !keep.includes(name));
  for (const name of doomed) {
    const response = await fetch(`${server.url}/api/sessions/${name}`, {
      method: "DELETE",
      headers: { "x-api-key": API_KEY },
    });
    if (response.status !== 200) throw new Error(`DELETE ${name}: ${response.status}`);
  }
  return doomed.length;
}

/** Samples until RSS and descriptors are back within the bound (closing sockets take a moment), at most 60 s. */
async function settledResources(start: Resources): Promise<Resources> {
  const deadline = performance.now() + 60_000;
  for (;;) {
    const now = await sampleResources(server);
    if (withinRatio(start, now, RESOURCE_RATIO) || performance.now() > deadline) return now;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}
