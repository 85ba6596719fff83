/** @module Contract cases for apply(): every domain event's effect, idempotent replays, ack monotony. */
import type { DomainEvent, StoredMessage } from "@wa/core";
import { expect, it } from "vitest";
import { chat, history, message } from "./fixtures.ts";
import { type CreateStore, storeLifecycle } from "./harness.ts";

const EDITED = 'edited "1.0}" \\ \n\t\u0001\u007f é 😀 \u2028';
const ALL_MESSAGES = {
  limit: 0,
  offset: 0,
  sortOrder: "asc",
  merge: false,
  filter: {},
  downloadMedia: false,
} as const;
const key = (chatId: string, id: string, fromMe = false) => ({ fromMe, chatId, id });

export function eventsCases(createStore: CreateStore): void {
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

  it("message.upsert creates the chat, raises its activity, counts new incoming live messages once", async () => {
    const store = await open();
    const incoming: DomainEvent = {
      type: "message.upsert",
      messages: [message("1@c.us", "A", 100), message("1@c.us", "B", 90, { fromMe: true })],
      notify: true,
    };
    await store.apply("s1", incoming);
    await store.apply("s1", incoming);
    await store.apply("s1", {
      type: "message.upsert",
      messages: [message("1@c.us", "C", 80)],
      notify: false,
    });
    await store.apply("s1", {
      type: "message.upsert",
      messages: [message("1@c.us", "R", 500, { kind: "reaction" })],
      notify: true,
    });
    expect(await store.getChat("s1", "1@c.us")).toMatchObject({
      conversationTimestamp: 100,
      unreadCount: 1,
    });
    expect(await store.counts("s1")).toMatchObject({ chats: 1, messages: 4 });
  });

  // Regression (issue 15, defect 4): a read marked messages READ but the count stayed (and -1 for good).
  it("a read of an incoming message leaves unread only what came after it, and clears a -1 mark", async () => {
    const store = await open();
    // History counted 5 unread, of which this store holds three.
    await store.apply("s1", history({ chats: [chat("1@c.us", 5, { unreadCount: 5 })] }));
    const notify = (id: string, at: number) =>
      store.apply("s1", {
        type: "message.upsert",
        messages: [message("1@c.us", id, at, { ack: 2 })],
        notify: true,
      });
    await notify("A", 10);
    await notify("B", 20);
    await notify("C", 20);
    const read = (id: string) =>
      store.apply("s1", { type: "message.ack", key: key("1@c.us", id), ack: 3 });
    const unread = async () => (await store.getChat("s1", "1@c.us"))?.unreadCount;
    expect(await unread()).toBe(8);
    await read("A");
    expect(await unread()).toBe(2);
    // Same second: the id orders them, as the listing does.
    await read("B");
    expect(await unread()).toBe(1);
    await read("C");
    expect(await unread()).toBe(0);
    // Reading an older message again never raises the count.
    await notify("D", 30);
    await read("A");
    expect(await unread()).toBe(1);
    await read("D");
    await store.apply("s1", { type: "chat.unread", chatId: "1@c.us", unreadCount: -1 });
    // All are READ already: reading the newest again is what clears the mark.
    await read("D");
    expect(await unread()).toBe(0);
    // A receipt of a message never stored, or of our own message, changes nothing.
    await store.apply("s1", { type: "chat.unread", chatId: "1@c.us", unreadCount: -1 });
    await read("never-stored");
    await store.apply("s1", { type: "message.ack", key: key("1@c.us", "A", true), ack: 3 });
    expect(await unread()).toBe(-1);
  });

  it("message.ack never goes down and keeps the JSON ack/ackName in sync", async () => {
    const store = await open();
    await store.apply(
      "s1",
      history({
        chats: [chat("1@c.us", 1)],
        messages: [message("1@c.us", "A", 1, { fromMe: true, ack: 1 })],
      }),
    );
    await store.apply("s1", { type: "message.ack", key: key("1@c.us", "A", true), ack: 3 });
    await store.apply("s1", { type: "message.ack", key: key("1@c.us", "A", true), ack: 2 });
    let stored = await store.getMessage("s1", "1@c.us", key("1@c.us", "A", true));
    expect([stored?.ack, stored?.message.ack, stored?.message.ackName]).toEqual([3, 3, "READ"]);
    // Replaying the original (lower-ack) message keeps the higher ack too.
    await store.apply(
      "s1",
      history({ messages: [message("1@c.us", "A", 1, { fromMe: true, ack: 1, body: "new" })] }),
    );
    stored = await store.getMessage("s1", "1@c.us", key("1@c.us", "A", true));
    expect([
      stored?.ack,
      stored?.message.ack,
      stored?.message.ackName,
      stored?.message.body,
    ]).toEqual([3, 3, "READ", "new"]);
    const acked = await store.listMessages("s1", "1@c.us", { ...ALL_MESSAGES, filter: { ack: 3 } });
    expect(acked.map((item) => item.key.id)).toEqual(["A"]);
  });

  it("message.reaction merges per sender, replaces in place and removes on empty text", async () => {
    const store = await open();
    await store.apply(
      "s1",
      history({ chats: [chat("1@c.us", 1)], messages: [message("1@c.us", "A", 1)] }),
    );
    const react = (from: string, text: string, timestamp: number): DomainEvent => ({
      type: "message.reaction",
      target: key("1@c.us", "A"),
      reaction: { from, fromMe: false, text, timestamp },
    });
    await store.apply("s1", [
      react("2@c.us", "👍", 5),
      react("3@c.us", "❤️", 6),
      react("2@c.us", "😂", 7),
    ]);
    await store.apply("s1", [react("2@c.us", "😂", 7)]);
    let stored = await store.getMessage("s1", "1@c.us", key("1@c.us", "A"));
    expect(stored?.reactions?.map((item) => [item.from, item.text])).toEqual([
      ["2@c.us", "😂"],
      ["3@c.us", "❤️"],
    ]);
    await store.apply("s1", react("3@c.us", "", 8));
    stored = await store.getMessage("s1", "1@c.us", key("1@c.us", "A"));
    expect(stored?.reactions?.map((item) => item.from)).toEqual(["2@c.us"]);
  });

  it("message.edit changes the body; revoke and delete remove the message", async () => {
    const store = await open();
    await store.apply(
      "s1",
      history({
        chats: [chat("1@c.us", 1)],
        messages: ["A", "B", "C"].map((id, i) => message("1@c.us", id, i)),
      }),
    );
    await store.apply("s1", [
      // Quotes, escapes, controls and non-ASCII: the stored JSON text must stay JSON.stringify's.
      { type: "message.edit", key: key("1@c.us", "A"), body: EDITED, timestamp: 9 },
      { type: "message.revoke", key: key("1@c.us", "B"), timestamp: 9 },
      { type: "message.delete", keys: [key("1@c.us", "C")] },
    ]);
    const listed = await store.listMessages("s1", "1@c.us", ALL_MESSAGES);
    expect(listed.map((item) => [item.key.id, item.message.body])).toEqual([["A", EDITED]]);
  });

  it("contact.upsert keeps fields the update leaves out; lid.mapping feeds resolveLid", async () => {
    const store = await open();
    await store.apply("s1", {
      type: "contact.upsert",
      contacts: [{ id: "1@c.us", name: "Saved", pushName: "push", raw: { a: 1 } }],
    });
    await store.apply("s1", [
      { type: "contact.upsert", contacts: [{ id: "1@c.us", pushName: "newer" }] },
      { type: "lid.mapping", mappings: [{ lid: "9@lid", pn: "1@c.us" }] },
    ]);
    expect(await store.getContact("s1", "1@c.us")).toEqual({
      id: "1@c.us",
      name: "Saved",
      pushName: "newer",
      raw: { a: 1 },
    });
    expect(await store.getContact("s1", "2@c.us")).toBeNull();
    expect(await store.resolveLid("s1", "9@lid")).toBe("1@c.us");
  });

  it("session.status updates the record when it exists", async () => {
    const store = await open();
    await store.apply("ghost", { type: "session.status", status: "WORKING" });
    expect(await store.sessions.get("ghost")).toBeNull();
    await store.sessions.put({
      name: "s1",
      engine: "noweb",
      config: {},
      status: "STARTING",
      running: true,
      me: null,
      createdAt: 1,
      updatedAt: 1,
    });
    await store.apply("s1", {
      type: "session.status",
      status: "WORKING",
      me: { id: "1@c.us", pushName: "Me" },
    });
    expect(await store.sessions.get("s1")).toMatchObject({
      status: "WORKING",
      me: { id: "1@c.us", pushName: "Me" },
    });
  });

  it("a failed apply rejects with WA_STORE_FAILURE, writes none of its events, and later writes go on", async () => {
    const store = await open();
    const broken = { ...message("1@c.us", "X", 1), timestamp: null } as unknown as StoredMessage;
    const failed = store.apply("s1", [
      { type: "chat.upsert", chats: [chat("1@c.us", 1)] },
      { type: "message.upsert", messages: [broken], notify: false },
    ]);
    await expect(failed).rejects.toMatchObject({ code: "WA_STORE_FAILURE" });
    expect(await store.getChat("s1", "1@c.us")).toBeNull();
    await store.apply("s1", { type: "chat.upsert", chats: [chat("2@c.us", 1)] });
    expect(await store.getChat("s1", "2@c.us")).not.toBeNull();
  });

  it("replaying any event sequence changes nothing", async () => {
    const store = await open();
    const events: DomainEvent[] = [
      history({
        chats: [chat("1@c.us", 5)],
        messages: [message("1@c.us", "A", 5), message("1@c.us", "B", 6)],
        contacts: [{ id: "1@c.us", name: "x" }],
        lidMappings: [{ lid: "9@lid", pn: "1@c.us" }],
      }),
      { type: "message.upsert", messages: [message("9@lid", "L", 20)], notify: true },
      { type: "message.ack", key: key("1@c.us", "A"), ack: 4 },
      {
        type: "message.reaction",
        target: key("1@c.us", "A"),
        reaction: { from: "2@c.us", fromMe: false, text: "👍", timestamp: 7 },
      },
      { type: "message.edit", key: key("1@c.us", "B"), body: "b2", timestamp: 8 },
      { type: "chat.update", patches: [{ id: "1@c.us", name: "renamed" }] },
      { type: "message.revoke", key: key("1@c.us", "B"), timestamp: 9 },
    ];
    await store.apply("s1", events);
    const snapshot = async () => ({
      counts: await store.counts("s1"),
      chats: await store.listChats("s1", {
        sortBy: "id",
        sortOrder: "asc",
        merge: false,
        offset: 0,
      }),
      messages: await store.listMessages("s1", "all", ALL_MESSAGES),
      overview: await store.overview("s1", { limit: 0, offset: 0, merge: true }),
    });
    const before = await snapshot();
    await store.apply("s1", events);
    expect(await snapshot()).toEqual(before);
    expect((before.messages as StoredMessage[]).length).toBe(2);
  });
}
