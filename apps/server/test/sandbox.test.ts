/**
 * @module Sandbox mode in process: the real NOWEB engine against the in-process simulator, a session
 * that pairs by itself into the demo world, and the control API (through `inject`).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type App, buildApp } from "../src/app.ts";
import { createEngineRegistry } from "../src/engines.ts";
import { attachSandbox, DEMO, startSandbox } from "../src/sandbox/index.ts";
import { openTestStore, type TestStore } from "./test-store.ts";

const KEY = "sandbox-test-key";
const headers = { "x-api-key": KEY };
let app: App;
let store: TestStore;

beforeAll(async () => {
  const sandbox = await startSandbox();
  store = await openTestStore();
  app = await buildApp({
    store: store.store,
    apiKey: KEY,
    engines: createEngineRegistry(sandbox.noweb),
  });
  await attachSandbox(app, sandbox);
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await store?.close();
});

const get = async (url: string) => (await app.inject({ url, headers })).json();
const post = (url: string, payload?: object) =>
  app.inject({ method: "POST", url, headers, ...(payload ? { payload } : {}) });

// Waits outlast Baileys' 30 s event-buffer safety flush (see test/server-process.ts `eventually`).
describe("sandbox mode", { timeout: 90_000 }, () => {
  it("pairs a new session by itself into the demo world", async () => {
    expect((await post("/api/sessions", { name: "demo" })).statusCode).toBe(201);
    await vi.waitFor(async () => expect((await get("/api/sessions/demo")).status).toBe("WORKING"), {
      timeout: 35_000,
      interval: 100,
    });
    await vi.waitFor(
      async () =>
        expect((await get("/api/demo/chats")).map((c: { id: string }) => c.id)).toHaveLength(5),
      { timeout: 35_000, interval: 100 },
    );
    const chats = await get("/api/demo/chats");
    expect(chats.map((c: { id: string }) => c.id).sort()).toEqual(
      [DEMO.alice, DEMO.bob, DEMO.carol, DEMO.dave, DEMO.group].sort(),
    );
    const unmerged = (await get("/api/demo/chats?merge=false")).map((c: { id: string }) => c.id);
    expect(unmerged).toContain(DEMO.daveLid);
    expect(await get("/api/sandbox/demo")).toMatchObject({ paired: true, online: true });
  });

  it("delivers an injected incoming message and shows what the client sent", async () => {
    const pushed = await post("/api/sandbox/demo/incoming", { chatId: DEMO.bob, text: "from bob" });
    expect(pushed.statusCode).toBe(201);
    const { id } = pushed.json();
    await vi.waitFor(
      async () =>
        expect((await get(`/api/demo/chats/${DEMO.bob}/messages?limit=1`))[0]?.id).toContain(id),
      { timeout: 35_000, interval: 100 },
    );
    const sent = await post("/api/sendText", { session: "demo", chatId: DEMO.bob, text: "hi bob" });
    expect(sent.statusCode).toBe(201);
    expect(await get("/api/sandbox/demo/sent")).toEqual([
      expect.objectContaining({ kind: "text", chatId: DEMO.bob, text: "hi bob" }),
    ]);
  });

  it("the phone archives a chat and the client sees it", async () => {
    expect((await post(`/api/sandbox/demo/chats/${DEMO.bob}/archive`, {})).statusCode).toBe(201);
    await vi.waitFor(
      async () => {
        const chats = await get("/api/demo/chats");
        expect(chats.find((c: { id: string }) => c.id === DEMO.bob)?.archived).toBe(true);
      },
      { timeout: 35_000, interval: 100 },
    );
  });

  it("answers 404 for an unknown session, 401 without the key, and documents every control route", async () => {
    expect((await post("/api/sandbox/nobody/drop-connection")).statusCode).toBe(404);
    expect((await app.inject({ url: "/api/sandbox/demo/sent" })).statusCode).toBe(401);
    const scan = await post("/api/sandbox/demo/scan-qr");
    expect(scan.statusCode).toBe(422);
    const paths = Object.keys((await get("/-json")).paths).filter((p) =>
      p.startsWith("/api/sandbox"),
    );
    expect(paths).toHaveLength(11);
  });
});
