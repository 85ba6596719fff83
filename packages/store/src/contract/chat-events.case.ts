/** @module Contract cases for apply() on chats: chat.update, chat.upsert, chat.archive, chat.unread, chat.delete, chat.clear. */
import { expect, it } from "vitest";
import { chat, history, message } from "./fixtures.ts";
import { type CreateStore, storeLifecycle } from "./harness.ts";

/** The chat events' cases (part of the "events" group). */
export function chatEventsCases(createStore: CreateStore): void {
  const open = storeLifecycle(createStore);

  it("chat.update patches only the given fields; raw objects merge shallowly", async () => {
    const store = await open();
    await store.apply(
      "s1",
      history({
        chats: [chat("1@c.us", 10, { name: "One", unreadCount: 2, raw: { a: 1, b: 2 } })],
      }),
    );
    await store.apply("s1", {
      type: "chat.update",
      patches: [{ id: "1@c.us", pinned: true, raw: { b: 3 } }],
    });
    expect(await store.getChat("s1", "1@c.us")).toEqual(
      chat("1@c.us", 10, { name: "One", unreadCount: 2, pinned: true, raw: { a: 1, b: 3 } }),
    );
  });

  it("chat.upsert replaces a chat but never moves its activity back", async () => {
    const store = await open();
    await store.apply("s1", { type: "chat.upsert", chats: [chat("1@c.us", 50, { name: "A" })] });
    await store.apply("s1", {
      type: "chat.upsert",
      chats: [chat("1@c.us", 40, { name: "B", raw: { r: 1 } })],
    });
    expect(await store.getChat("s1", "1@c.us")).toEqual(
      chat("1@c.us", 50, { name: "B", raw: { r: 1 } }),
    );
  });

  it("chat.archive and chat.unread set their flag (creating an unknown chat)", async () => {
    const store = await open();
    await store.apply("s1", [
      { type: "chat.archive", chatId: "1@c.us", archived: true, timestamp: 5 },
      { type: "chat.unread", chatId: "1@c.us", unreadCount: -1 },
    ]);
    expect(await store.getChat("s1", "1@c.us")).toMatchObject({ archived: true, unreadCount: -1 });
    await store.apply("s1", {
      type: "chat.archive",
      chatId: "1@c.us",
      archived: false,
      timestamp: 6,
    });
    expect(await store.getChat("s1", "1@c.us")).toMatchObject({ archived: false });
  });

  it("chat.delete removes the chat and its messages; chat.clear only the messages", async () => {
    const store = await open();
    await store.apply(
      "s1",
      history({
        chats: [chat("1@c.us", 10), chat("2@c.us", 10)],
        messages: [message("1@c.us", "A", 1), message("2@c.us", "B", 1)],
      }),
    );
    await store.apply("s1", [
      { type: "chat.delete", chatId: "1@c.us" },
      { type: "chat.clear", chatId: "2@c.us" },
    ]);
    expect(await store.getChat("s1", "1@c.us")).toBeNull();
    expect(await store.getChat("s1", "2@c.us")).not.toBeNull();
    expect(await store.counts("s1")).toMatchObject({ chats: 1, messages: 0 });
  });
}
