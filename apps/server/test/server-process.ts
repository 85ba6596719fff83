/**
 * @module Runs the real server process (`main.ts` through tsx) for end-to-end tests: a free loopback
 * port, a given data directory and environment, a tiny JSON client with the API key, and kill/stop.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort } from "@wa/store/testing";
import { vi } from "vitest";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const API_KEY = "e2e-test-strong-key";

/** A JSON answer: status and parsed body (null when not JSON). */
export interface Answer {
  status: number;
  /** Test bodies are checked field by field, hence `any`. */
  body: any;
}

/** How a process ended: its exit code, or the signal that killed it. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running server process. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything it wrote to stdout and stderr so far (for failure messages). */
  output(): string;
  get(path: string): Promise<Answer>;
  post(path: string, body?: unknown): Promise<Answer>;
  put(path: string, body?: unknown): Promise<Answer>;
  del(path: string): Promise<Answer>;
  /** SIGTERM and wait for exit (no-op when already gone); resolves how it exited. */
  stop(): Promise<Exit>;
  /** SIGKILL and wait for exit: no shutdown code runs. */
  kill(): Promise<Exit>;
}

/** Starts `main.ts` on a free 127.0.0.1 port with `env` on top of a quiet test environment. */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ["--conditions=@wa/source", "--import", "tsx", "apps/server/src/main.ts"],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        WAHA_API_KEY: API_KEY,
        WA_RESTORE_STAGGER_MS: "0",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await vi.waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
      if (!output.includes("API key:")) throw new Error(`server not listening yet: ${output}`);
    },
    { timeout: 30_000, interval: 50 },
  );
  const url = `http://127.0.0.1:${port}`;
  const call = (method: string) => (path: string, body?: unknown) =>
    request(url, method, path, body);
  return {
    child,
    url,
    output: () => output,
    get: call("GET"),
    post: call("POST"),
    put: call("PUT"),
    del: call("DELETE"),
    stop: () => ended(child, "SIGTERM"),
    kill: () => ended(child, "SIGKILL"),
  };
}

/** Runs `main.ts` with `env` expecting it to stop by itself (bad settings); its exit and output. */
export async function runUntilExit(
  env: Record<string, string>,
): Promise<Exit & { output: string }> {
  const child = spawn(
    process.execPath,
    ["--conditions=@wa/source", "--import", "tsx", "apps/server/src/main.ts"],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: String(await freePort()), HOST: "127.0.0.1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  await new Promise<void>((resolve) => child.once("exit", () => resolve()));
  clearTimeout(timer);
  return { code: child.exitCode, signal: child.signalCode, output };
}

/**
 * Retries `check` until it stops throwing (bounded); returns its result. The default bound outlasts
 * Baileys' 30 s event-buffer safety flush: rc14's buffer sometimes stays on after a buffered
 * function (its pending-flush timer goes stale), and events then wait for that flush.
 */
export function eventually<T>(check: () => Promise<T> | T, timeout = 35_000): Promise<T> {
  return vi.waitFor(check, { timeout, interval: 100 });
}

// --- internal ---

async function request(url: string, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { "x-api-key": API_KEY };
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed };
}

async function ended(child: ChildProcess, signal: NodeJS.Signals): Promise<Exit> {
  if (child.exitCode === null && child.signalCode === null) {
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill(signal);
    });
  }
  return { code: child.exitCode, signal: child.signalCode };
}
