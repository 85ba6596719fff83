/**
 * @module Issue 15 regressions through the real server, NOWEB (Baileys) and the in-process simulator:
 * chat commands on every state the product allows (defect 2), read state (defect 4), and the
 * sandbox control routes' 4xx (defect 7).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type App, buildApp } from "../src/app.ts";
import { createEngineRegistry } from "../src/engines.ts";
import { attachSandbox, DEMO, type Sandbox, startSandbox } from "../src/sandbox/index.ts";
import { sandboxRoutes } from "../src/sandbox/routes.ts";
import { openTestStore, type TestStore } from "./test-store.ts";

const KEY = "sandbox-reliability-key";
const headers = { "x-api-key": KEY };
// Outlasts Baileys' 30 s event-buffer safety flush (see test/server-process.ts `eventually`).
const WAIT = { timeout: 60_000, interval: 100 };
const SESSION = "rel";
const GROUPS = ["120363000000000077@g.us", "120363000000000078@g.us"] as const;
const DMS = ["14155550177@c.us", "14155550178@c.us"] as const;
let app: App;
let store: TestStore;
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
  store = await openTestStore();
  app = await buildApp({
    store: store.store,
    apiKey: KEY,
    engines: createEngineRegistry(sandbox.noweb),
  });
  await attachSandbox(app, sandbox);
  await app.ready();
  await working(SESSION, true);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await store?.close();
});

const get = async (url: string) => (await app.inject({ url, headers })).json();
const send = (method: "POST" | "DELETE", url: string, payload?: object) =>
  app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
const post = (url: string, payload?: object) => send("POST", url, payload);

interface ChatItem {
  id: string;
  unreadCount: number;
  archived?: boolean;
}
interface SummaryItem {
  id: string;
  unreadCount: number;
  _chat: { archived?: boolean; unreadCount?: number } | null;
}

async function working(name: string, create: boolean) {
  if (create) expect((await post("/api/sessions", { name })).statusCode).toBe(201);
  await vi.waitFor(
    async () => expect((await get(`/api/sessions/${name}`)).status).toBe("WORKING"),
    WAIT,
  );
}

const chatOf = async (session: string, chatId: string): Promise<ChatItem | undefined> =>
  (await get(`/api/${session}/chats`)).find((c: ChatItem) => c.id === chatId);
const summaryOf = async (session: string, chatId: string): Promise<SummaryItem | undefined> =>
  (await get(`/api/${session}/chats/overview?limit=100`)).find((c: SummaryItem) => c.id === chatId);

/** A contact's message, once the store has it. */
async function incoming(session: string, chatId: string, text: string, participant?: string) {
  const pushed = await post(`/api/sandbox/${session}/incoming`, { chatId, text, participant });
  expect(pushed.statusCode).toBe(201);
  const { id } = pushed.json();
  await vi.waitFor(async () => {
    const page = await get(`/api/${session}/chats/${chatId}/messages?limit=5`);
    expect(page.map((m: { id: string }) => m.id).join()).toContain(id);
  }, WAIT);
}

/**
 * The chat commands, each answered 2xx (never WA_ENGINE_FAILURE); the chat is then cleared, or
 * deleted (after either nothing is left to anchor another change on).
 */
async function everyChatCommand(session: string, chatId: string, last: "clear" | "delete") {
  const chat = `/api/${session}/chats/${chatId}`;
  for (const [method, url] of [
    ["POST", `${chat}/archive`],
    ["POST", `${chat}/unarchive`],
    ["POST", `${chat}/unread`],
    ["DELETE", last === "clear" ? `${chat}/messages` : chat],
  ] as const) {
    const answer = await send(method, url);
    expect(answer.statusCode, `${method} ${url}: ${answer.body}`).toBeLessThan(300);
  }
}

describe("sandbox reliability (issue 15)", { timeout: 240_000 }, () => {
  // Defect 2: 500 "Expected not from me message to have participant" / "Missing timestamp in last message list".
  it("chat commands work when the newest message is a group message without sender, or has no time", async () => {
    const now = Math.floor(Date.now() / 1000);
    const noSender = (id: string) => ({
      id,
      messages: [{ fromMe: false, text: "who sent this?", timestamp: now }],
    });
    const noTime = (id: string) => ({
      id,
      messages: [{ fromMe: false, text: "when was this?", timestamp: 0 }],
    });
    const chats = [noSender(GROUPS[0]), noSender(GROUPS[1]), noTime(DMS[0]), noTime(DMS[1])];
    expect((await post(`/api/sandbox/${SESSION}/history`, { chats })).statusCode).toBe(201);
    await vi.waitFor(async () => {
      for (const { id } of chats) {
        expect(await get(`/api/${SESSION}/chats/${id}/messages?limit=1`)).toHaveLength(1);
      }
    }, WAIT);
    await everyChatCommand(SESSION, GROUPS[0], "clear");
    await everyChatCommand(SESSION, GROUPS[1], "delete");
    await everyChatCommand(SESSION, DMS[0], "clear");
    await everyChatCommand(SESSION, DMS[1], "delete");
    const state = (chatId: string) => get(`/api/sandbox/${SESSION}/chats/${chatId}/state`);
    expect(await state(GROUPS[0])).toMatchObject({
      archived: false,
      markedUnread: true,
      cleared: true,
    });
    expect(await state(DMS[1])).toMatchObject({ deleted: true });
  });

  // Defect 4: read marked messages READ, but GET /chats and the overview kept 2 (and -1 for good).
  it("reading resets the unread count in GET /chats and the overview, also after /unread", async () => {
    const chat = DEMO.bob;
    await incoming(SESSION, chat, "one");
    await incoming(SESSION, chat, "two");
    const counts = async () => {
      const summary = await summaryOf(SESSION, chat);
      return [
        (await chatOf(SESSION, chat))?.unreadCount,
        summary?.unreadCount,
        summary?._chat?.unreadCount,
      ];
    };
    expect(await counts()).toEqual([2, 2, 2]);
    const read = await post(`/api/${SESSION}/chats/${chat}/messages/read`, {});
    expect(read.statusCode).toBeLessThan(300);
    // Bob's synced message was never read either.
    expect(read.json().ids.length).toBeGreaterThanOrEqual(2);
    expect(await counts()).toEqual([0, 0, 0]);

    expect((await post(`/api/${SESSION}/chats/${chat}/unread`)).statusCode).toBe(201);
    expect(await counts()).toEqual([-1, -1, -1]);
    expect((await post(`/api/${SESSION}/chats/${chat}/messages/read`, {})).statusCode).toBe(201);
    expect(await counts()).toEqual([0, 0, 0]);

    await incoming(SESSION, chat, "three");
    expect(await counts()).toEqual([1, 1, 1]);
    const seen = await post("/api/sendSeen", { session: SESSION, chatId: chat });
    expect(seen.statusCode).toBe(201);
    expect(await counts()).toEqual([0, 0, 0]);
  });

  // Defect 7: the overview's `_chat.archived` stayed false while GET /chats said true.
  it("after archive and unarchive, the overview agrees with GET /chats", async () => {
    for (const [chat, archive] of [
      [DEMO.alice, true],
      [DEMO.carol, false],
    ] as const) {
      const action = archive ? "archive" : "unarchive";
      expect((await post(`/api/${SESSION}/chats/${chat}/${action}`)).statusCode).toBe(201);
      expect((await chatOf(SESSION, chat))?.archived).toBe(archive);
      expect((await summaryOf(SESSION, chat))?._chat?.archived).toBe(archive);
    }
  });

  // Defect 7: a group message without `participant` was a 500.
  it("refuses an incoming group message without participant with a 400 that says so", async () => {
    const answer = await post(`/api/sandbox/${SESSION}/incoming`, {
      chatId: DEMO.group,
      text: "?",
    });
    expect(answer.statusCode).toBe(400);
    expect(JSON.stringify(answer.json().message)).toMatch(/participant must be given/);
  });

  // Defect 7: scan-qr after auto-pairing took the QR was a 500 (the documented answer is 422).
  it("answers 422 to scan-qr when auto-pairing already scanned the QR", async () => {
    const name = "race";
    let scanned: Promise<number> | undefined;
    const unsubscribe = app.ctx.bus.subscribe(({ session, events }) => {
      if (session !== name || scanned !== undefined) return;
      if (!events.some((e) => e.type === "session.status" && e.status === "SCAN_QR_CODE")) return;
      scanned = (async () => {
        await vi.waitFor(() => expect(sandbox.simulator.account(name).paired).toBe(true), WAIT);
        return (await post(`/api/sandbox/${name}/scan-qr`)).statusCode;
      })();
    });
    try {
      await working(name, true);
      await vi.waitFor(() => expect(scanned).toBeDefined(), WAIT);
      expect(await scanned).toBe(422);
    } finally {
      unsubscribe();
    }
  });

  it("pairs once when several scan-qr calls race (auto-pairing off): one 201, the others 422", async () => {
    const manualStore = await openTestStore();
    const manual = await buildApp({
      store: manualStore.store,
      apiKey: KEY,
      engines: createEngineRegistry(sandbox.noweb),
    });
    // The same simulator, its routes on a second app that does not pair by itself.
    await manual.register(sandboxRoutes, { ctx: manual.ctx, simulator: sandbox.simulator });
    try {
      const name = "manual";
      const call = (method: "GET" | "POST", url: string, payload?: object) =>
        manual.inject({ method, url, headers, ...(payload ? { payload } : {}) });
      expect((await call("POST", "/api/sessions", { name })).statusCode).toBe(201);
      await vi.waitFor(async () => {
        expect((await call("GET", `/api/sessions/${name}`)).json().status).toBe("SCAN_QR_CODE");
      }, WAIT);
      const scans = await Promise.all(
        Array.from({ length: 4 }, () => call("POST", `/api/sandbox/${name}/scan-qr`)),
      );
      expect(scans.map((scan) => scan.statusCode).sort()).toEqual([201, 422, 422, 422]);
      await vi.waitFor(async () => {
        expect((await call("GET", `/api/sessions/${name}`)).json().status).toBe("WORKING");
      }, WAIT);
    } finally {
      await manual.ctx.sessions.shutdown();
      await manual.close();
      await manualStore.close();
    }
  });

  // Defect 2: a session deleted and created again got 500 "App state key not present!" on every archive.
  it("a session deleted and created again starts from a clean app-state; another session is unaffected", async () => {
    const name = "again";
    await working(name, true);
    await vi.waitFor(async () => expect(await chatOf(name, DEMO.alice)).toBeDefined(), WAIT);
    expect((await send("DELETE", `/api/sessions/${name}`)).statusCode).toBe(200);
    await working(name, true);
    // The phone syncs the world as it is now to the new companion.
    await vi.waitFor(async () => expect(await chatOf(name, DEMO.alice)).toBeDefined(), WAIT);
    await incoming(name, DEMO.bob, "after the new pairing");
    for (const action of ["archive", "unarchive"]) {
      const answer = await post(`/api/${name}/chats/${DEMO.bob}/${action}`);
      expect(answer.statusCode, answer.body).toBe(201);
      const other = await post(`/api/${SESSION}/chats/${DEMO.bob}/${action}`);
      expect(other.statusCode, other.body).toBe(201);
    }
    expect(await get(`/api/sandbox/${name}/chats/${DEMO.bob}/state`)).toMatchObject({
      archived: false,
    });
  });
});
