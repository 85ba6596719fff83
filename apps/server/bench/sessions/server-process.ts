/**
 * @module The real server process under test, from source (`node --conditions=@wa/source --import tsx
 * apps/server/src/main.ts`), with NOWEB pointed at the simulator through `WA_NOWEB_WS_URL` /
 * `WA_NOWEB_CERT_PUBLIC_KEY`, and its memory read from /proc (RSS) and from a GC'd
 * `process.memoryUsage()` (see `gc-preload.ts`).
 */
import { spawn } from "node:child_process";
import { createWriteStream, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { stopChild } from "./simulator-process.ts";

const MAIN = fileURLToPath(new URL("../../src/main.ts", import.meta.url));
const PRELOAD = fileURLToPath(new URL("./gc-preload.ts", import.meta.url));

/** What the server process is started with. */
export interface ServerProcessOptions {
  dataDir: string;
  apiKey: string;
  simulatorUrl: string;
  certRootPublicKey: string;
  /** Extra environment (e.g. `WA_RESTORE_CONCURRENCY`). */
  env?: Record<string, string>;
  /** Appends the server's stdout and stderr here. */
  logFile: string;
}

/** Memory of the server process, after a full GC. */
export interface MemorySample {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  arrayBuffersMb: number;
}

/** A running server. */
export interface ServerProcess {
  url: string;
  pid: number;
  /** Spawn → "listening" line, ms. */
  startupMs: number;
  /** `performance.now()` when the listening line arrived (the restore starts right after it). */
  listeningAt: number;
  /** GC, settle, then RSS (median of three reads) and the heap split. */
  memory(): Promise<MemorySample>;
  /** SIGTERM, wait for the exit (SIGKILL after 20 s). */
  stop(): Promise<void>;
}

const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the server and waits for its listening line. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const memoryFile = join(options.dataDir, `memory-${Date.now()}.json`);
  const spawnedAt = performance.now();
  const child = spawn(
    process.execPath,
    [
      "--expose-gc",
      // e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile every server process of the run.
      ...(process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter((arg) => arg !== ""),
      ...["--conditions=@wa/source", "--import", "tsx", "--import", PRELOAD, MAIN],
    ],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        HOST: "127.0.0.1",
        PORT: "0",
        WA_DATA_DIR: options.dataDir,
        WAHA_API_KEY: options.apiKey,
        WHATSAPP_DEFAULT_ENGINE: "noweb",
        WA_NOWEB_WS_URL: options.simulatorUrl,
        WA_NOWEB_CERT_PUBLIC_KEY: options.certRootPublicKey,
        LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
        BENCH_MEMORY_FILE: memoryFile,
        ...options.env,
      },
    },
  );
  const log = createWriteStream(options.logFile, { flags: "a" });
  child.stderr?.pipe(log);
  const url = await new Promise<string>((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`server exited (code ${code}), see ${options.logFile}`));
    child.once("exit", onExit);
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      log.write(`${line}\n`);
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match?.[1]) {
        child.off("exit", onExit);
        resolve(match[1]);
      }
    });
  });
  const listeningAt = performance.now();
  const pid = child.pid as number;
  return {
    url,
    pid,
    startupMs: listeningAt - spawnedAt,
    listeningAt,
    async memory() {
      rmSync(memoryFile, { force: true });
      process.kill(pid, "SIGUSR2");
      let usage: NodeJS.MemoryUsage | undefined;
      for (let i = 0; i < 600 && !usage; i += 1) {
        await sleep(100);
        try {
          usage = JSON.parse(readFileSync(memoryFile, "utf8")) as NodeJS.MemoryUsage;
        } catch {
          // not written yet
        }
      }
      if (!usage) throw new Error("the server did not report its memory (gc-preload)");
      await sleep(1000);
      const reads: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        reads.push(readRssKb(pid));
        await sleep(500);
      }
      const rssKb = reads.sort((a, b) => a - b)[1] as number;
      return {
        rssMb: rssKb / 1024,
        heapUsedMb: usage.heapUsed / MB,
        heapTotalMb: usage.heapTotal / MB,
        externalMb: usage.external / MB,
        arrayBuffersMb: usage.arrayBuffers / MB,
      };
    },
    stop: () => stopChild(child, () => child.kill("SIGTERM"), 20_000).finally(() => log.end()),
  };
}

/** VmRSS of a process, in kB. */
export function readRssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match?.[1]) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
}
