/**
 * @module `pnpm bench:failover`: three server instances on one throwaway PostgreSQL and the
 * loopback simulator (its own process). One instance creates and pairs N NOWEB sessions (so it
 * drives all of them), then is SIGKILLed; the bench polls another instance's `/api/sessions`
 * until every session is WORKING again under a surviving owner. Prints what it saw, then one
 * JSON line last: `sessions`, `failover_ms` (SIGKILL → all WORKING elsewhere; target ≤ 15,000),
 * `first_ms` (the first one), how the sessions were shared, and the load average.
 *
 * Environment: BENCH_SESSIONS (50), BENCH_PAIR_CONCURRENCY (4), WA_LEASE_TTL_MS and the server's
 * own variables (WA_RESTORE_*, LOG_LEVEL) pass through.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { startPostgres } from "@wa/store/testing";
import { benchSeed, createApi, inPool, pairSession, until } from "./sessions/api.ts";
import { type ServerProcess, startServerProcess } from "./sessions/server-process.ts";
import { startSimulatorProcess } from "./sessions/simulator-process.ts";

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 50);
const PAIR_CONCURRENCY = Number(process.env.BENCH_PAIR_CONCURRENCY ?? 4);
const API_KEY = "bench-failover-key-0123456789";
const log = (line: string) => process.stderr.write(`[bench:failover] ${line}\n`);
const names = Array.from({ length: SESSIONS }, (_, i) => `fo${String(i).padStart(3, "0")}`);

interface Listed {
  name: string;
  status: string;
  owner: { instance: string; address: string } | null;
}

const folder = mkdtempSync(join(tmpdir(), "wa-bench-failover-"));
const pg = await startPostgres();
const sim = await startSimulatorProcess();
const servers: ServerProcess[] = [];
try {
  for (let i = 0; i < 3; i++) {
    const dataDir = join(folder, `instance${i}`);
    servers.push(
      await startServerProcess({
        dataDir,
        apiKey: API_KEY,
        simulatorUrl: sim.url,
        certRootPublicKey: sim.certRootPublicKey,
        logFile: join(folder, `instance${i}.log`),
        env: { WA_DATABASE_URL: pg.url, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
      }),
    );
  }
  const [owner, watcher] = servers as [ServerProcess, ServerProcess, ServerProcess];
  const ownerApi = createApi(owner.url, API_KEY);
  const watcherApi = createApi(watcher.url, API_KEY);
  log(`pairing ${SESSIONS} sessions on ${owner.url}`);
  await inPool(names, PAIR_CONCURRENCY, (name) =>
    pairSession(ownerApi, sim, name, benchSeed(2, 5)),
  );
  const listed = async () => (await watcherApi.get("/api/sessions")).body as Listed[];
  const before = await listed();
  if (before.some((s) => s.owner?.address !== owner.url || s.status !== "WORKING")) {
    throw new Error(`not all sessions WORKING on ${owner.url}: ${JSON.stringify(before)}`);
  }
  const load = loadavg()[0];
  log(`SIGKILL of ${owner.url} (pid ${owner.pid}), load average ${load?.toFixed(1)}`);
  const killedAt = performance.now();
  process.kill(owner.pid, "SIGKILL");
  const workingAt = new Map<string, number>();
  const final = await until(
    "every session WORKING elsewhere",
    async () => {
      const sessions = await listed();
      const now = performance.now();
      for (const s of sessions) {
        const moved = s.owner !== null && s.owner.address !== owner.url;
        if (moved && s.status === "WORKING" && !workingAt.has(s.name)) workingAt.set(s.name, now);
      }
      return workingAt.size === SESSIONS ? sessions : undefined;
    },
    120_000,
    100,
  );
  const times = [...workingAt.values()].map((at) => at - killedAt).sort((a, b) => a - b);
  const shares: Record<string, number> = {};
  for (const s of final)
    shares[s.owner?.address ?? "none"] = (shares[s.owner?.address ?? "none"] ?? 0) + 1;
  const peaks = await Promise.all(names.map((name) => sim.call("peakLogins", name)));
  const result = {
    sessions: SESSIONS,
    failover_ms: Math.round(times.at(-1) ?? 0),
    first_ms: Math.round(times[0] ?? 0),
    median_ms: Math.round(times[Math.floor(times.length / 2)] ?? 0),
    lease_ttl_ms: Number(process.env.WA_LEASE_TTL_MS ?? 8000),
    shares: Object.values(shares),
    max_peak_logins: Math.max(...(peaks as number[])),
    load_average: Number(load?.toFixed(2)),
    p90_ms: Math.round(times[Math.floor(times.length * 0.9)] ?? 0),
    target_ms: 15_000,
  };
  log(
    `all ${SESSIONS} WORKING elsewhere after ${result.failover_ms} ms (first ${result.first_ms} ms)`,
  );
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  for (const server of servers.slice(1)) await server.stop().catch(() => undefined);
  await sim.stop();
  await pg.stop();
  rmSync(folder, { recursive: true, force: true });
}
