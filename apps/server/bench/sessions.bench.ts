/**
 * @module `pnpm bench:sessions`: many NOWEB sessions on the real server against the loopback
 * simulator (its own process). Pairs N sessions by QR (time to WORKING), measures the server's RSS
 * at 0 and several session counts (marginal MB per idle session), then restarts the server and
 * measures the mass restore (time until all are WORKING again, and the server's own event-loop delay
 * p99 from `GET /api/server/status`). Prints a table, then one JSON line last.
 *
 * Environment: BENCH_SESSIONS (100), BENCH_PAIR_CONCURRENCY (4), BENCH_SEED_CHATS (2),
 * BENCH_SEED_MESSAGES (5), BENCH_RESTORE_COMPARE (`K=V,K=V;K=V`: extra restores under other server
 * settings, printed as a comparison table); the server's own variables (WA_RESTORE_*, LOG_LEVEL)
 * pass through.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchSeed, createApi, inPool, pairSession, until } from "./sessions/api.ts";
import {
  type MemorySample,
  type ServerProcess,
  startServerProcess,
} from "./sessions/server-process.ts";
import { type SimulatorProcess, startSimulatorProcess } from "./sessions/simulator-process.ts";
import { formatTable, percentile, round, slope } from "./sessions/stats.ts";

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 100);
const PAIR_CONCURRENCY = Number(process.env.BENCH_PAIR_CONCURRENCY ?? 4);
const SEED = benchSeed(
  Number(process.env.BENCH_SEED_CHATS ?? 2),
  Number(process.env.BENCH_SEED_MESSAGES ?? 5),
);
/** `K=V,K=V;K=V`: extra restores under these server settings, e.g. `WA_RESTORE_CONCURRENCY=100`. */
const RESTORE_COMPARE = (process.env.BENCH_RESTORE_COMPARE ?? "")
  .split(";")
  .filter((variant) => variant.trim() !== "")
  .map((variant) =>
    Object.fromEntries(
      variant.split(",").map((pair) => pair.trim().split("=") as [string, string]),
    ),
  );
const SETTLE_MS = 3000;
const CHECKPOINTS = [...new Set([1, Math.round(SESSIONS / 10), Math.round(SESSIONS / 2), SESSIONS])]
  .filter((n) => n >= 1)
  .sort((a, b) => a - b);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string) => process.stderr.write(`[bench:sessions] ${line}\n`);
const names = Array.from({ length: SESSIONS }, (_, i) => `bench${String(i).padStart(4, "0")}`);

interface Row {
  sessions: number;
  memory: MemorySample;
}

interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

const dataDir = mkdtempSync(join(tmpdir(), "wa-bench-sessions-"));
const apiKey = randomBytes(16).toString("hex");
const logFile = join(dataDir, "server.log");
let sim: SimulatorProcess | undefined;
let server: ServerProcess | undefined;

const cleanUp = async () => {
  await server?.stop().catch(() => {});
  await sim?.stop().catch(() => {});
  server = undefined;
  sim = undefined;
};
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

try {
  log(`${SESSIONS} sessions, pairing ${PAIR_CONCURRENCY} at a time; data in ${dataDir}`);
  sim = await startSimulatorProcess();
  server = await startServer();
  log(`server pid ${server.pid} at ${server.url} (started in ${Math.round(server.startupMs)} ms)`);
  const api = createApi(server.url, apiKey);

  await sleep(SETTLE_MS);
  const rows: Row[] = [{ sessions: 0, memory: await server.memory() }];
  log(`baseline RSS ${round(rows[0]?.memory.rssMb ?? 0)} MB`);

  // 1. Pair sessions up to each checkpoint, then measure the settled memory there.
  const workingMs: number[] = [];
  let paired = 0;
  let pairingMs = 0;
  for (const checkpoint of CHECKPOINTS) {
    const batch = names.slice(paired, checkpoint);
    const batchStarted = performance.now();
    workingMs.push(
      ...(await inPool(batch, PAIR_CONCURRENCY, (name) =>
        pairSession(api, sim as SimulatorProcess, name, SEED),
      )),
    );
    pairingMs += performance.now() - batchStarted;
    paired = checkpoint;
    await sleep(SETTLE_MS);
    const memory = await server.memory();
    rows.push({ sessions: paired, memory });
    log(
      `${paired} sessions WORKING: RSS ${round(memory.rssMb)} MB, heap ${round(memory.heapUsedMb)} MB`,
    );
  }
  const pairingLoop = await loopDelay(api);

  // 2. Restart on the same data dir: every session must come back WORKING without a QR.
  const restore = await measureRestore({});
  log(`restored ${SESSIONS} sessions in ${restore.ms} ms, loop delay p99 ${restore.loop.p99} ms`);
  await sleep(SETTLE_MS);
  const afterRestore = await (server as ServerProcess).memory();
  // Optional: the same restore under other settings, for comparison (BENCH_RESTORE_COMPARE).
  const variants = [];
  for (const variant of RESTORE_COMPARE) {
    const measured = await measureRestore(variant);
    variants.push({ env: variant, ...measured });
    log(
      `restore with ${JSON.stringify(variant)}: ${measured.ms} ms, loop delay p99 ${measured.loop.p99} ms`,
    );
  }

  // 3. Report.
  const base = rows[0]?.memory.rssMb ?? 0;
  const last = rows[rows.length - 1]?.memory.rssMb ?? 0;
  const firstIdle = rows.find((row) => row.sessions >= Math.min(10, SESSIONS)) ?? rows[1];
  const idleRows = rows.filter((row) => row.sessions >= (firstIdle?.sessions ?? 1));
  const per = (pick: (m: MemorySample) => number) =>
    round(slope(idleRows.map((row) => ({ x: row.sessions, y: pick(row.memory) }))), 2);
  const table = rows.map((row, i) => {
    const previous = rows[i - 1];
    const step = previous
      ? round((row.memory.rssMb - previous.memory.rssMb) / (row.sessions - previous.sessions), 2)
      : "";
    const m = row.memory;
    return [
      row.sessions,
      round(m.rssMb),
      step,
      round(m.heapUsedMb),
      round(m.externalMb),
      round(m.arrayBuffersMb),
    ];
  });
  table.push([
    `${SESSIONS} restored`,
    round(afterRestore.rssMb),
    "",
    round(afterRestore.heapUsedMb),
    round(afterRestore.externalMb),
    round(afterRestore.arrayBuffersMb),
  ]);
  process.stdout.write(
    `\n${formatTable(["sessions", "rss MB", "ΔMB/session", "heap MB", "external MB", "arrayBuffers MB"], table)}\n\n`,
  );
  const result = {
    sessions: SESSIONS,
    rss_per_session_mb: per((m) => m.rssMb),
    heap_per_session_mb: per((m) => m.heapUsedMb),
    external_per_session_mb: per((m) => m.externalMb),
    rss_baseline_mb: round(base),
    rss_total_mb: round(last),
    rss_after_restore_mb: round(afterRestore.rssMb),
    time_to_working_ms_p50: Math.round(percentile(workingMs, 50)),
    time_to_working_ms_p95: Math.round(percentile(workingMs, 95)),
    pair_concurrency: PAIR_CONCURRENCY,
    pairing_all_ms: Math.round(pairingMs),
    pairing_loop_delay_p99_ms: pairingLoop.p99,
    restore_all_working_ms: restore.ms,
    restore_loop_delay_p99_ms: restore.loop.p99,
    restore_loop_delay_max_ms: restore.loop.max,
    restore_env: Object.fromEntries(
      Object.entries(process.env).filter(([key]) => key.startsWith("WA_RESTORE_")),
    ),
    server: "source (node --conditions=@wa/source --import tsx apps/server/src/main.ts)",
  };
  process.stdout.write(
    `pairing: time to WORKING p50 ${result.time_to_working_ms_p50} ms, p95 ${result.time_to_working_ms_p95} ms (${PAIR_CONCURRENCY} at a time), loop delay p99 ${pairingLoop.p99} ms\n` +
      `restore: all ${SESSIONS} WORKING after ${result.restore_all_working_ms} ms, loop delay p99 ${restore.loop.p99} ms (max ${restore.loop.max} ms)\n` +
      `memory: baseline ${result.rss_baseline_mb} MB, ${SESSIONS} sessions ${result.rss_total_mb} MB, ${result.rss_per_session_mb} MB per idle session (slope from ${firstIdle?.sessions} sessions)\n\n`,
  );
  if (variants.length > 0) {
    const rowsOf = [
      ["(default)", restore.ms, restore.loop.p99, restore.loop.max],
      ...variants.map((v) => [JSON.stringify(v.env), v.ms, v.loop.p99, v.loop.max]),
    ];
    process.stdout.write(
      `${formatTable(["restore settings", "all WORKING ms", "loop p99 ms", "loop max ms"], rowsOf)}\n\n`,
    );
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (error) {
  log(`failed: ${error instanceof Error ? error.stack : String(error)}`);
  log(`server log: ${logFile}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
  if (process.exitCode !== 1) rmSync(dataDir, { recursive: true, force: true });
}

/** Starts the server against the simulator, with `env` added to its environment. */
function startServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  return startServerProcess({
    env,
    dataDir,
    apiKey,
    logFile,
    simulatorUrl: (sim as SimulatorProcess).url,
    certRootPublicKey: (sim as SimulatorProcess).certRootPublicKey,
  });
}

/** Restarts the server with `env` and waits until every session is WORKING again (no QR). */
async function measureRestore(
  env: Record<string, string>,
): Promise<{ ms: number; loop: LoopDelay }> {
  await server?.stop();
  server = await startServer(env);
  const api = createApi(server.url, apiKey);
  const startedAt = server.listeningAt;
  const ms = await until(
    "all sessions WORKING after the restart",
    async () => {
      const list = (await api.get("/api/sessions")).body as Array<{ status: string }>;
      const bad = list.filter((s) => s.status === "SCAN_QR_CODE" || s.status === "FAILED");
      if (bad.length > 0)
        throw new Error(`${bad.length} sessions need a QR or failed after the restart`);
      const working = list.filter((s) => s.status === "WORKING").length;
      return working === SESSIONS ? performance.now() - startedAt : undefined;
    },
    600_000,
    200,
  );
  return { ms: Math.round(ms), loop: await loopDelay(api) };
}

/** The server's event-loop delay since it started (its own `monitorEventLoopDelay`). */
async function loopDelay(api: ReturnType<typeof createApi>): Promise<LoopDelay> {
  const status = (await api.get("/api/server/status")).body as { eventLoopDelay: LoopDelay };
  return status.eventLoopDelay;
}
