/**
 * @module End-to-end: the real server process (`main.ts` through tsx) on a free loopback port with a
 * temporary data directory — printed URL and key, Swagger UI, ping, auth, session restore after a
 * restart, and the graceful stop (SIGTERM: exit 0, the last write kept, the WAL checkpointed).
 */
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { eventually, type ServerProcess, startServer } from "./server-process.ts";

// Spawning node + tsx takes seconds on a busy machine; these are not timing assertions.
describe("server process", { timeout: 60_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "wa-server-"));
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async (env: Record<string, string> = {}) => {
    const server = await startServer({
      WA_DATA_DIR: dataDir,
      WHATSAPP_DEFAULT_ENGINE: "memory",
      ...env,
    });
    servers.push(server);
    return server;
  };

  it("prints its URL and a generated key, serves Swagger UI and ping, and protects /api", async () => {
    // An empty key is weak: the server must generate a strong one and print it.
    const server = await start({ WAHA_API_KEY: "" });
    const printedUrl = /listening on (http:\/\/\S+)/.exec(server.output())?.[1];
    const apiKey = /API key: (\S+)/.exec(server.output())?.[1] ?? "";
    expect(printedUrl).toBe(server.url);
    expect(apiKey).toMatch(/^[0-9a-f]{48}$/);
    const html = await (await fetch(`${server.url}/`)).text();
    expect(html.toLowerCase()).toContain("swagger");
    expect(await (await fetch(`${server.url}/ping`)).json()).toEqual({ message: "pong" });
    expect((await fetch(`${server.url}/api/sessions`)).status).toBe(401);
    const sessions = await fetch(`${server.url}/api/sessions`, {
      headers: { "x-api-key": apiKey },
    });
    expect(sessions.status).toBe(200);
    await server.stop();
  });

  it("starts sessions that were running again after a restart", async () => {
    const first = await start();
    expect((await first.post("/api/sessions", { name: "kept" })).status).toBe(201);
    await eventually(async () =>
      expect((await first.get("/api/sessions/kept")).body.status).toBe("WORKING"),
    );
    await first.stop();
    const second = await start();
    await eventually(async () =>
      expect((await second.get("/api/sessions/kept")).body.status).toBe("WORKING"),
    );
    await second.stop();
  });

  it("on SIGTERM exits 0 with a WebSocket client open, keeping the write acknowledged just before", async () => {
    const first = await start();
    expect((await first.post("/api/sessions", { name: "graceful" })).status).toBe(201);
    await eventually(async () =>
      expect((await first.get("/api/sessions/graceful")).body.status).toBe("WORKING"),
    );
    const socket = new WebSocket(
      `${first.url.replace("http", "ws")}/ws?x-api-key=e2e-test-strong-key`,
    );
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    const closed = new Promise((resolve) => socket.once("close", resolve));

    const sent = await first.post("/api/sendText", {
      session: "graceful",
      chatId: ALICE,
      text: "written right before SIGTERM",
    });
    expect(sent.status).toBe(201);
    const exit = await first.stop();
    expect(exit, first.output()).toEqual({ code: 0, signal: null });
    await closed;
    // Closing the store checkpointed the WAL into the database file.
    const wal = join(dataDir, "wa.sqlite3-wal");
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);

    const second = await start();
    const messages = await second.get(`/api/graceful/chats/${ALICE}/messages?limit=10`);
    expect(messages.status).toBe(200);
    expect(messages.body.map((message: { id: string }) => message.id)).toContain(sent.body.id);
    expect((await second.stop()).code).toBe(0);
  });
});

const ALICE = "11111111111@c.us";
