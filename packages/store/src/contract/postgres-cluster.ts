/**
 * @module A throwaway PostgreSQL cluster for tests and benchmarks: `initdb` on a temporary folder,
 * `pg_ctl start` on a free loopback port, and everything deleted again by `stop()`. It uses the
 * server binaries of Debian's `postgresql` package (`/usr/lib/postgresql/<version>/bin`, or the
 * folder in `WA_PG_BIN`). PostgreSQL refuses to run as root, so as root every command runs as the
 * `postgres` user, on a folder that user owns.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  chownSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.ts";

/** A running throwaway cluster. */
export interface PostgresCluster {
  /** Connection URL of the `postgres` database (superuser `postgres`, no password, 127.0.0.1). */
  readonly url: string;
  readonly port: number;
  /** The URL of another database of this cluster (create it first, e.g. with `CREATE DATABASE`). */
  urlOf(database: string): string;
  /** Restarts the server (`-m fast`: open connections are cut, committed data stays). */
  restart(): Promise<void>;
  /** Stops the server at once (`-m immediate`, like a crash) and keeps the folder for `start()`. */
  kill(): Promise<void>;
  /** Starts a killed server again on the same port. */
  start(): Promise<void>;
  /** Stops the server and deletes its folder. */
  stop(): Promise<void>;
}

/** Options of {@link startPostgres}. */
export interface StartPostgresOptions {
  /**
   * Extra server settings (`-c name=value`). Tests may pass `{ fsync: "off" }` for speed; it only
   * matters if the machine itself crashes, not the server.
   */
  settings?: Record<string, string>;
}

/** Starts a throwaway PostgreSQL cluster on 127.0.0.1 and a free port. */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresCluster> {
  const bin = postgresBinaries();
  const folder = mkdtempSync(join(tmpdir(), "wa-pg-"));
  const data = join(folder, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(folder, userId("postgres"), groupId("postgres"));
  const run = (command: string, args: string[]) => {
    const [file, argv] = asRoot
      ? ["runuser", ["-u", "postgres", "--", join(bin, command), ...args]]
      : [join(bin, command), args];
    // Output goes to a file, not a pipe: the server pg_ctl starts would inherit a pipe and keep
    // it open, and spawnSync would wait for its end forever.
    const output = join(folder, `${command}.out`);
    const fd = openSync(output, "w");
    const result = spawnSync(file, argv, { stdio: ["ignore", fd, fd] });
    closeSync(fd);
    if (result.status !== 0) {
      throw new Error(`${command} failed (${result.status}): ${readFileSync(output, "utf8")}`);
    }
  };
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const port = await freePort();
  const settings = {
    listen_addresses: "127.0.0.1",
    unix_socket_directories: folder,
    max_connections: "200",
    ...options.settings,
  };
  const serverOptions = [
    `-p ${port}`,
    ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`),
  ].join(" ");
  const ctl = (action: string, extra: string[] = []) =>
    run("pg_ctl", ["-D", data, "-w", "-t", "60", ...extra, action]);
  const startServer = () => ctl("start", ["-o", serverOptions, "-l", join(folder, "server.log")]);
  let running = false;
  const onExit = () => {
    if (running) spawnSync("kill", ["-9", ...postmasterPid(data)]);
    rmSync(folder, { recursive: true, force: true });
  };
  startServer();
  running = true;
  process.once("exit", onExit);
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    url: url("postgres"),
    port,
    urlOf: url,
    async restart() {
      ctl("restart", ["-m", "fast", "-o", serverOptions]);
    },
    async kill() {
      ctl("stop", ["-m", "immediate"]);
      running = false;
    },
    async start() {
      startServer();
      running = true;
    },
    async stop() {
      if (running) ctl("stop", ["-m", "immediate"]);
      running = false;
      process.removeListener("exit", onExit);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Whether PostgreSQL's server binaries are installed (tests say why they skip otherwise). */
export function hasPostgres(): boolean {
  try {
    postgresBinaries();
    return true;
  } catch {
    return false;
  }
}

/**
 * A PostgreSQL suite's title: where the server binaries are missing it says why the suite is
 * skipped (`.ci/run` installs them); where they are present it is the plain title.
 */
export function postgresSuiteTitle(title: string): string {
  return hasPostgres() ? title : `${title} (skipped: PostgreSQL not installed)`;
}

// --- internal ---

function postgresBinaries(): string {
  const fromEnv = process.env.WA_PG_BIN;
  if (fromEnv) return fromEnv;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (!newest) {
    throw new Error(
      "PostgreSQL server binaries not found: install Debian's postgresql package or set WA_PG_BIN",
    );
  }
  return join(root, newest, "bin");
}

function postmasterPid(data: string): string[] {
  try {
    const first = readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0] ?? "";
    return [first.trim()].filter(Boolean);
  } catch {
    return [];
  }
}

function userId(name: string): number {
  return Number(execFileSync("id", ["-u", name], { encoding: "utf8" }).trim());
}

function groupId(name: string): number {
  return Number(execFileSync("id", ["-g", name], { encoding: "utf8" }).trim());
}
