/**
 * @module Sandbox mode with WEBJS, in process: a session created with `engine: "WEBJS"` runs the real
 * whatsapp-web.js in Chromium against the sandbox's fake WhatsApp Web page, pairs by itself into the
 * demo world, and the control API drives it exactly as it drives NOWEB sessions. Closing the app
 * leaves no Chromium behind.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteStore } from "@wa/store";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type App, buildApp } from "../src/app.ts";
import { createEngineRegistry } from "../src/engines.ts";
import { attachSandbox, DEMO, startSandbox } from "../src/sandbox/index.ts";
import { aliveInGroups, browserGroups } from "./chromium-processes.ts";

const KEY = "sandbox-webjs-test-key";
const S = "webdemo";
const headers = { "x-api-key": KEY };
const profiles = mkdtempSync(join(tmpdir(), "wa-sandbox-webjs-"));
const profile = join(profiles, `session-${S}`);
const bound = { timeout: 60_000, interval: 100 };
let app: App;

beforeAll(async () => {
  const sandbox = await startSandbox();
  app = await buildApp({
    store: createSqliteStore({ file: ":memory:" }),
    apiKey: KEY,
    engines: createEngineRegistry(sandbox.noweb, { ...sandbox.webjs, dataDir: profiles }),
  });
  await attachSandbox(app, sandbox);
  await app.ready();
}, 60_000);
afterAll(async () => {
  await app?.close();
  rmSync(profiles, { recursive: true, force: true });
}, 60_000);

const get = async (url: string) => (await app.inject({ url, headers })).json();
const post = (url: string, payload?: object) =>
  app.inject({ method: "POST", url, headers, ...(payload ? { payload } : {}) });

describe("sandbox mode with WEBJS", { timeout: 120_000 }, () => {
  it("a WEBJS session pairs by itself into the demo world", async () => {
    expect((await post("/api/sessions", { name: S, engine: "WEBJS" })).statusCode).toBe(201);
    await vi.waitFor(
      async () => expect((await get(`/api/sessions/${S}`)).status).toBe("WORKING"),
      bound,
    );
    expect((await get(`/api/sessions/${S}`)).engine).toEqual({ engine: "WEBJS" });
    await vi.waitFor(async () => {
      const ids = (await get(`/api/${S}/chats`)).map((c: { id: string }) => c.id);
      expect(ids).toEqual(expect.arrayContaining([DEMO.alice, DEMO.bob, DEMO.carol, DEMO.group]));
    }, bound);
    expect(await get(`/api/sandbox/${S}`)).toMatchObject({ paired: true, online: true });
  });

  it("the control API delivers an incoming message and shows what the client sent", async () => {
    const pushed = await post(`/api/sandbox/${S}/incoming`, { chatId: DEMO.bob, text: "from bob" });
    expect(pushed.statusCode).toBe(201);
    const { id } = pushed.json();
    await vi.waitFor(async () => {
      expect((await get(`/api/${S}/chats/${DEMO.bob}/messages?limit=1`))[0]?.id).toContain(id);
    }, bound);
    const sent = await post("/api/sendText", { session: S, chatId: DEMO.bob, text: "hi bob" });
    expect(sent.statusCode).toBe(201);
    expect(await get(`/api/sandbox/${S}/sent`)).toContainEqual(
      expect.objectContaining({ kind: "text", chatId: DEMO.bob, text: "hi bob" }),
    );
  });

  it("the phone archives a chat and the client sees it", async () => {
    expect((await post(`/api/sandbox/${S}/chats/${DEMO.bob}/archive`, {})).statusCode).toBe(201);
    await vi.waitFor(async () => {
      const chats = await get(`/api/${S}/chats`);
      expect(chats.find((c: { id: string }) => c.id === DEMO.bob)?.archived).toBe(true);
    }, bound);
  });

  it("stopping the session leaves no Chromium behind", async () => {
    const groups = browserGroups(profile);
    expect(groups).toHaveLength(1);
    expect((await post(`/api/sessions/${S}/stop`)).statusCode).toBeLessThan(300);
    await vi.waitFor(() => expect(aliveInGroups(groups)).toEqual([]), bound);
  });
});
