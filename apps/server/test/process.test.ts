/**
 * @module End-to-end: the real server process (`main.ts` through tsx) on a free loopback port with a
 * temporary data directory — printed URL and key, Swagger UI, ping, auth, and session restore
 * after a restart.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

interface Running {
  child: ChildProcess;
  url: string;
  apiKey: string;
}

// Spawning node + tsx takes seconds on a busy machine; these are not timing assertions.
describe("server process", { timeout: 60_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "wa-server-"));
  const children: ChildProcess[] = [];
  afterAll(async () => {
    await Promise.all(children.map(stop));
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async (env: Record<string, string> = {}): Promise<Running> => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ["--conditions=@wa/source", "--import", "tsx", "apps/server/src/main.ts"],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          WA_DATA_DIR: dataDir,
          PORT: String(port),
          HOST: "127.0.0.1",
          LOG_LEVEL: "warn",
          WHATSAPP_DEFAULT_ENGINE: "memory",
          WA_RESTORE_STAGGER_MS: "0",
          ...env,
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    children.push(child);
    const output = await readUntil(child, /API key: (\S+)/);
    const url = /listening on (http:\/\/\S+)/.exec(output)?.[1] ?? "";
    const apiKey = /API key: (\S+)/.exec(output)?.[1] ?? "";
    return { child, url, apiKey };
  };

  it("prints its URL and a generated key, serves Swagger UI and ping, and protects /api", async () => {
    const server = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.apiKey).toMatch(/^[0-9a-f]{48}$/);
    const html = await (await fetch(`${server.url}/`)).text();
    expect(html.toLowerCase()).toContain("swagger");
    expect(await (await fetch(`${server.url}/ping`)).json()).toEqual({ message: "pong" });
    expect((await fetch(`${server.url}/api/sessions`)).status).toBe(401);
    const sessions = await fetch(`${server.url}/api/sessions`, {
      headers: { "x-api-key": server.apiKey },
    });
    expect(sessions.status).toBe(200);
    await stop(server.child);
  });

  it("starts sessions that were running again after a restart", async () => {
    const key = "process-test-strong-key";
    const first = await start({ WAHA_API_KEY: key });
    const headers = { "x-api-key": key, "content-type": "application/json" };
    const created = await fetch(`${first.url}/api/sessions`, {
      method: "POST",
      headers,
      body: JSON.stringify({ name: "kept" }),
    });
    expect(created.status).toBe(201);
    await pollStatus(first.url, key, "kept", "WORKING");
    await stop(first.child);
    const second = await start({ WAHA_API_KEY: key });
    await pollStatus(second.url, key, "kept", "WORKING");
    await stop(second.child);
  });
});

// --- internal ---

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function readUntil(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs = 30_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () => reject(new Error(`server did not print ${pattern}: ${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!pattern.test(output)) return;
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      resolve(output);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
}

async function pollStatus(url: string, key: string, name: string, status: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const response = await fetch(`${url}/api/sessions/${name}`, { headers: { "x-api-key": key } });
    if (
      response.status === 200 &&
      ((await response.json()) as { status: string }).status === status
    )
      return;
    if (Date.now() > deadline) throw new Error(`session ${name} never reached ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
