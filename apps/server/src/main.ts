/**
 * @module The server process: read the environment, open the store (SQLite, or PostgreSQL with
 * `WA_DATABASE_URL`), build the app,
 * restore the sessions that were running, listen, and print the URL and the API key. SIGTERM or
 * SIGINT stops it gracefully (see `shutdown.ts`).
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildApp } from "./app.ts";
import { leaseTimings } from "./cluster/lease-keeper.ts";
import { readConfig } from "./config.ts";
import { createEngineRegistry } from "./engines.ts";
import { createLogger } from "./logging.ts";
import { installShutdown } from "./shutdown.ts";
import { describeStore, openStore, type StoreLocation } from "./store.ts";

const config = readConfig();
const logger = createLogger(process.env.LOG_LEVEL ?? "info");
// First, so a stop signal during startup is handled too; each step is added once its part exists.
const shutdown = installShutdown({ logger });

// Baileys decodes WebSocket frames in an async listener, so a malformed frame from the server
// surfaces as a process-level unhandled rejection, which Node turns into a crash of every
// session. The NOWEB engine already catches the ones it knows; this is the safety net for the
// rest: log it and keep serving.
process.on("unhandledRejection", (reason) => {
  logger.error({ err: reason }, "unhandled rejection (kept running)");
});

// Sandbox mode: the simulator lives in this process; its world is in memory, so is the store,
// unless WA_DATA_DIR asks for files (then both survive a restart).
const sandboxOptions = config.dataDirSet ? { dataDir: resolve(config.dataDir) } : {};
const sandbox = config.sandbox
  ? await (await import("./sandbox/index.ts")).startSandbox(sandboxOptions)
  : null;
const storeFile =
  sandbox && !config.dataDirSet ? ":memory:" : join(resolve(config.dataDir), "wa.sqlite3");
if (storeFile !== ":memory:" && !config.cluster) {
  mkdirSync(resolve(config.dataDir), { recursive: true });
}
// WA_DATABASE_URL: every instance reads and writes one PostgreSQL database; else one SQLite file.
const storeLocation: StoreLocation = config.cluster
  ? { kind: "postgres", url: config.cluster.databaseUrl }
  : { kind: "sqlite", file: storeFile };
const store = await openStore(storeLocation);
// Runs last: closing the SQLite store checkpoints its WAL into the database file.
shutdown.add("store", () => store.close());
// Several instances on one PostgreSQL: join the others (leases, forwarding, change notices).
// Closed after the app (its sessions stopped first), before the store.
const cluster = config.cluster
  ? await (await import("./cluster/cluster.ts")).joinCluster({
      databaseUrl: config.cluster.databaseUrl,
      address: config.cluster.address,
      timings: leaseTimings(config.cluster.leaseTtlMs),
      logger,
    })
  : null;
if (cluster) shutdown.add("cluster membership", () => cluster.close());
const app = await buildApp({
  store,
  logger,
  apiKey: config.apiKey,
  apiKeyExcludePaths: config.apiKeyExcludePaths,
  defaultEngine: config.defaultEngine,
  media: config.media,
  maxSessions: config.maxSessions,
  writeLimits: config.writeLimits,
  ...(cluster ? { cluster } : {}),
  engines: createEngineRegistry(
    { ...config.noweb, ...sandbox?.noweb },
    { ...config.webjs, ...sandbox?.webjs },
  ),
});
// Closing the app stops accepting connections, lets in-flight requests finish, then stops every
// session and the event delivery (and the sandbox's simulator).
shutdown.add("http server and sessions", () => app.close());
if (sandbox) {
  const { attachSandbox } = await import("./sandbox/index.ts");
  await attachSandbox(app, sandbox, { autoPair: config.sandboxAutoPair });
}

const address = await app.listen({ port: config.port, host: config.host });
const url = address.replace("0.0.0.0", "localhost");
// Plain stdout lines, so humans and scripts find them without parsing JSON logs.
process.stdout.write(`WhatsApp HTTP API listening on ${url} (Swagger UI at ${url}/)\n`);
process.stdout.write(`Store: ${describeStore(storeLocation)}\n`);
if (config.apiKey === null) process.stdout.write("API key: none (WAHA_NO_API_KEY=true)\n");
else if (config.apiKeyGenerated) process.stdout.write(`API key: ${config.apiKey}\n`);
else process.stdout.write("API key: from WAHA_API_KEY\n");
if (sandbox) {
  process.stdout.write(
    `Sandbox mode: NOWEB talks to a simulated WhatsApp at ${sandbox.simulator.url}, WEBJS to a fake WhatsApp Web page (${sandbox.webjs.remotePath}); control API under ${url}/api/sandbox/\n`,
  );
}

// PORT=0: the other instances reach this one on the port the system chose.
if (cluster && config.cluster?.addressFromListen) {
  const port = new URL(url).port;
  await cluster.setAddress(cluster.self.address.replace(/:\d+$/, `:${port}`));
}
const pacing = { concurrency: config.restoreConcurrency, staggerMs: config.restoreStaggerMs };
await app.ctx.sessions.restore(pacing);
// From now on, sessions whose owner died (their lease lapsed) are started here if this one wins them.
// A takeover is a race against the clients waiting for those sessions: more logins at once, and a
// busier event loop tolerated, than a restore after a restart (measured with `pnpm bench:failover`).
const takeoverPacing = {
  ...pacing,
  concurrency: Math.max(4, pacing.concurrency),
  maxLoopLagMs: 200,
};
cluster?.startTakeover(() => app.ctx.sessions.restore(takeoverPacing));
if (cluster) {
  process.stdout.write(
    `Cluster: instance ${cluster.self.instance}, reached by the others at ${cluster.self.address}\n`,
  );
}
