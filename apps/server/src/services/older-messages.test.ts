import {
  type CapabilityKey,
  createEngineRuntime,
  type MessageKey,
  type MessagesQuery,
  type StoredMessage,
  type WaEngine,
} from "@wa/core";
import { createSqliteStore, type Store } from "@wa/store";
import { chat, history, message } from "@wa/store/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  fillOlderMessages,
  pageWithOlderMessages,
  readPageArray,
  readPageTexts,
} from "./older-messages.ts";

const CHAT = "1@c.us";
/** WhatsApp's copy of the chat: 40 messages, one minute apart; the store starts with the newest 10. */
const WORLD = Array.from({ length: 40 }, (_, i) => message(CHAT, `M${i}`, 1000 + i * 60));

const query = (limit: number, offset = 0, filter: MessagesQuery["filter"] = {}): MessagesQuery => ({
  limit,
  offset,
  sortOrder: "desc",
  merge: true,
  filter,
  downloadMedia: false,
});

let store: Store;
let calls: Array<{ before: string | null; count: number }>;

/** An engine whose `loadOlderMessages` pages from WORLD into the store, as a real one does. */
function runtime(options: { supported?: boolean; fail?: boolean } = {}) {
  const supported = options.supported ?? true;
  const loadOlderMessages = async (chatId: string, before: MessageKey | null, count: number) => {
    calls.push({ before: before?.id ?? null, count });
    if (options.fail) throw new Error("the page is gone");
    const end = before ? WORLD.findIndex((m) => m.key.id === before.id) : WORLD.length;
    const older: StoredMessage[] = WORLD.slice(Math.max(0, end - count), end);
    if (older.length) await store.apply("s", history({ messages: older }));
    expect(chatId).toBe(CHAT);
    return older;
  };
  const engine = {
    info: { name: "fake", library: "none" },
    capabilities: { "messages.history": supported } as unknown as Record<CapabilityKey, boolean>,
    ...(supported ? { loadOlderMessages } : {}),
  } as unknown as WaEngine;
  return createEngineRuntime(engine);
}

const ids = async (q: MessagesQuery) =>
  (await store.listMessages("s", CHAT, q)).map((m) => m.key.id);
const fill = (r: ReturnType<typeof runtime>, q: MessagesQuery, errors: unknown[] = []) =>
  fillOlderMessages(store, "s", r, CHAT, q, (error) => errors.push(error));

beforeEach(async () => {
  store = createSqliteStore({ file: ":memory:" });
  calls = [];
  await store.apply(
    "s",
    history({ chats: [chat(CHAT, 1000 + 39 * 60)], messages: WORLD.slice(-10) }),
  );
});
afterEach(() => store.close());

describe("fillOlderMessages", () => {
  it("does nothing while the store fills the page", async () => {
    await fill(runtime(), query(10));
    expect(calls).toEqual([]);
  });

  it("pages older messages in until the page is full, then the read sees them", async () => {
    await fill(runtime(), query(10, 15));
    expect(calls).toEqual([{ before: "M30", count: 50 }]);
    expect(await ids(query(10, 15))).toEqual(Array.from({ length: 10 }, (_, i) => `M${24 - i}`));
  });

  it("asks for older messages when a timestamp window lies before the store's oldest", async () => {
    await fill(runtime(), query(5, 0, { timestampLte: 1000 + 4 * 60 }));
    expect(await ids(query(5, 0, { timestampLte: 1000 + 4 * 60 }))).toEqual([
      "M4",
      "M3",
      "M2",
      "M1",
      "M0",
    ]);
    calls = [];
    // Stored back past the window's start: no call.
    await fill(runtime(), query(100, 0, { timestampGte: 1100 }));
    expect(calls).toEqual([]);
  });

  it("remembers a chat with nothing older, per running engine", async () => {
    const engine = runtime();
    await fill(engine, query(100));
    expect(calls.map((c) => c.before)).toEqual(["M30", "M0"]);
    await fill(engine, query(100));
    expect(calls).toHaveLength(2);
  });

  it("leaves engines without messages.history alone, and reports (not throws) failures", async () => {
    await fill(runtime({ supported: false }), query(100));
    expect(calls).toEqual([]);
    const errors: unknown[] = [];
    await fill(runtime({ fail: true }), query(100), errors);
    expect(errors).toHaveLength(1);
    expect(await ids(query(100))).toHaveLength(10);
  });
});

describe("pageWithOlderMessages", () => {
  const page = async (r: ReturnType<typeof runtime>, q: MessagesQuery) =>
    (await pageWithOlderMessages(store, "s", r, CHAT, q, () => {}, readPageTexts)).map(
      (text) => (JSON.parse(text) as { id: string }).id,
    );
  const idsOf = async (q: MessagesQuery) =>
    (await store.listMessages("s", CHAT, q)).map((m) => m.message.id);

  it("answers a full page from one read, asking the engine nothing", async () => {
    expect(await page(runtime(), query(10))).toEqual(await idsOf(query(10)));
    expect(calls).toEqual([]);
  });

  it("answers a short page after loading older messages, with them in it", async () => {
    const texts = await page(runtime(), query(10, 15));
    expect(calls).toEqual([{ before: "M30", count: 50 }]);
    expect(texts).toHaveLength(10);
    expect(texts).toEqual(await idsOf(query(10, 15)));
  });

  it("loads older messages for a short page read as one JSON array, too", async () => {
    const array = await pageWithOlderMessages(
      store,
      "s",
      runtime(),
      CHAT,
      query(10, 15),
      () => {},
      readPageArray,
    );
    expect(calls).toEqual([{ before: "M30", count: 50 }]);
    expect(array.length).toBe(10);
    expect((JSON.parse(array.text) as { id: string }[]).map((m) => m.id)).toEqual(
      await idsOf(query(10, 15)),
    );
  });
});
