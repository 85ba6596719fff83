/**
 * @module NOWEB engine → `@wa/store` → WAHA reads, with the real Baileys against the simulator: what a
 * Chats API client would see after pairing, live messages, sends and chat changes.
 */
import {
  type EngineContext,
  parseChatsQuery,
  parseMessagesQuery,
  parseOverviewQuery,
  silentLogger,
} from "@wa/core";
import { createSimulator, type Simulator } from "@wa/sandbox";
import { createSqliteStore } from "@wa/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNowebEngine } from "../src/engine.ts";
import { findEventually } from "./find-eventually.ts";

const SESSION = "store-e2e";
const ALICE = "12025550701@c.us";
const BOB = "12025550702@c.us";
const T0 = 1_764_000_000;

let sim: Simulator;
const store = createSqliteStore({ file: ":memory:" });
let engine: ReturnType<typeof createNowebEngine>;
let qr: string | undefined;
let status = "STOPPED";

const until = findEventually;

const context: EngineContext = {
  session: SESSION,
  authState: store.authState(SESSION),
  logger: silentLogger,
  messages: {
    getMessage: (key) => store.getMessage(SESSION, key.chatId, key),
    getNewestMessage: (chatId) => store.getNewestMessage(SESSION, chatId),
  },
  async emit(event) {
    if (event.type === "session.status") {
      status = event.status;
      if (event.qr) qr = event.qr;
    }
    await store.apply(SESSION, event);
  },
};

const messagesOf = (chatId: string, query: Record<string, string> = {}) =>
  store.listMessages(SESSION, chatId, parseMessagesQuery(query));

beforeAll(async () => {
  sim = await createSimulator({ receiptDelayMs: 50 });
  sim.seedHistory(SESSION, {
    chats: [
      {
        id: ALICE,
        name: "Alice",
        unreadCount: 1,
        messages: [
          { id: "SE2EA1", fromMe: false, text: "hi", timestamp: T0 + 10 },
          { id: "SE2EA2", fromMe: true, text: "hello", timestamp: T0 + 20 },
          { id: "SE2EA3", fromMe: false, text: "you there?", timestamp: T0 + 30 },
        ],
      },
      {
        id: BOB,
        name: "Bob",
        archived: true,
        messages: [{ id: "SE2EB1", fromMe: false, text: "yo", timestamp: T0 + 5 }],
      },
    ],
    contacts: [{ id: ALICE, name: "Alice", pushName: "Ally" }],
  });
  engine = createNowebEngine({
    waWebSocketUrl: sim.url,
    certPublicKey: sim.certRootPublicKey,
    markOnlineOnConnect: false,
    defaultQueryTimeoutMs: 5_000,
  });
  await engine.start(context);
  await sim.scanQr(SESSION, await until(() => qr));
  await until(() => status === "WORKING");
  await until(
    async () => (await messagesOf(ALICE)).length === 3 && (await messagesOf(BOB)).length === 1,
  );
}, 30_000);

afterAll(async () => {
  await engine?.stop();
  await sim?.close();
  await store.close();
});

describe("NOWEB engine into the SQLite store", { timeout: 30_000 }, () => {
  it("history reads back as WAHA shows it: chats by activity, messages newest first, acks", async () => {
    const chats = await store.listChats(
      SESSION,
      parseChatsQuery({ sortBy: "conversationTimestamp", sortOrder: "desc" }),
    );
    expect(chats.map((c) => [c.id, c.conversationTimestamp, c.archived])).toEqual([
      [ALICE, T0 + 30, false],
      [BOB, T0 + 5, true],
    ]);
    const messages = await messagesOf(ALICE);
    expect(messages.map((m) => [m.message.id, m.message.body, m.message.ackName])).toEqual([
      [`false_${ALICE}_SE2EA3`, "you there?", "DEVICE"],
      [`true_${ALICE}_SE2EA2`, "hello", "READ"],
      [`false_${ALICE}_SE2EA1`, "hi", "DEVICE"],
    ]);
    expect((await messagesOf(ALICE, { "filter.fromMe": "true" })).map((m) => m.key.id)).toEqual([
      "SE2EA2",
    ]);
  });

  it("live incoming messages raise the unread count by one each, not reset it", async () => {
    const before = (await store.getChat(SESSION, ALICE))?.unreadCount ?? 0;
    const first = await sim.pushIncomingText(SESSION, ALICE, "one");
    const second = await sim.pushIncomingText(SESSION, ALICE, "two");
    await until(async () => (await messagesOf(ALICE)).some((m) => m.key.id === second.id));
    await until(async () => (await messagesOf(ALICE)).some((m) => m.key.id === first.id));
    expect((await store.getChat(SESSION, ALICE))?.unreadCount).toBe(before + 2);
    const [newest] = await store.overview(SESSION, parseOverviewQuery({ limit: "1" }));
    expect(newest?.chat.id).toBe(ALICE);
  });

  it("reading clears nothing by itself but marks the messages READ; archive and unread reach the store", async () => {
    const [newest] = await messagesOf(ALICE, { limit: "1" });
    if (!newest) throw new Error("no message");
    await engine.readMessages?.(ALICE, [newest.key]);
    await until(async () => (await store.getMessage(SESSION, ALICE, newest.key))?.ack === 3);

    await engine.archiveChat?.(ALICE, true);
    await until(async () => (await store.getChat(SESSION, ALICE))?.archived === true);
    await engine.markChatUnread?.(ALICE);
    await until(async () => (await store.getChat(SESSION, ALICE))?.unreadCount === -1);
  });

  it("a sent text is stored as source api and its ack rises to READ", async () => {
    const sent = await engine.sendText(BOB, "from the api");
    await until(async () => (await store.getMessage(SESSION, BOB, sent.key))?.ack === 3);
    const stored = await store.getMessage(SESSION, BOB, sent.key);
    expect(stored?.message).toMatchObject({
      body: "from the api",
      source: "api",
      fromMe: true,
      from: BOB,
    });
  });

  it("edit and delete for everyone change the stored copy", async () => {
    const sent = await engine.sendText(BOB, "typo");
    // No wait: what sendText returns is already stored, so it can be edited at once.
    await engine.editMessage?.(sent.key, "fixed");
    await until(
      async () => (await store.getMessage(SESSION, BOB, sent.key))?.message.body === "fixed",
    );
    await engine.deleteMessage?.(sent.key);
    await until(async () => !(await messagesOf(BOB)).some((m) => m.key.id === sent.key.id));
  });

  it("clear and delete chat empty the store", async () => {
    await engine.clearMessages?.(BOB);
    await until(async () => (await messagesOf(BOB)).length === 0);
    await engine.deleteChat?.(ALICE);
    await until(async () => (await store.getChat(SESSION, ALICE)) === null);
  });

  it("a text the user sends from the phone is stored as own (source app), without raising unread", async () => {
    const before = (await store.getChat(SESSION, BOB))?.unreadCount ?? 0;
    const { id } = sim.pushPhoneSentText(SESSION, BOB, "typed on the phone");
    await until(async () => (await messagesOf(BOB)).some((m) => m.key.id === id));
    const stored = await store.getMessage(SESSION, BOB, { fromMe: true, chatId: BOB, id });
    expect(stored?.message).toMatchObject({
      fromMe: true,
      source: "app",
      body: "typed on the phone",
      from: BOB,
    });
    expect((await store.getChat(SESSION, BOB))?.unreadCount ?? 0).toBe(before);
  });

  it("messages read on the phone become READ in the store", async () => {
    const { id } = await sim.pushIncomingText(SESSION, BOB, "read me on the phone");
    const key = { fromMe: false, chatId: BOB, id };
    await until(() => store.getMessage(SESSION, BOB, key).then((m) => m ?? undefined));
    sim.phoneReadMessages(SESSION, BOB, [id]);
    await until(async () => (await store.getMessage(SESSION, BOB, key))?.ack === 3);
  });

  it("a text sent to a group reaches the group and is stored with the group as `to`", async () => {
    const group = "120363000000000888@g.us";
    await sim.pushIncomingText(SESSION, group, "welcome", { participant: ALICE });
    await until(async () => (await messagesOf(group)).length === 1);
    const sent = await engine.sendText(group, "hello group");
    expect(sent.message).toMatchObject({ from: group, to: group, fromMe: true, source: "api" });
    await until(() => sim.sent(SESSION).find((r) => r.id === sent.key.id && r.chatId === group));
    // Both may carry the same second, so compare without order.
    const bodies = (await messagesOf(group)).map((m) => m.message.body);
    expect(bodies.sort()).toEqual(["hello group", "welcome"]);
  });
});
