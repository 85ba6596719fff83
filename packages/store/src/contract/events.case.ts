/**
 * @module Contract cases for apply(): every domain event's effect (chats and messages in their own
 * files), failed applies, idempotent replays.
 */
import type { DomainEvent, StoredMessage } from "@wa/core";
import { expect, it } from "vitest";
import { chatEventsCases } from "./chat-events.case.ts";
import { ALL_MESSAGES, chat, history, message, messageKey } from "./fixtures.ts";
import { type CreateStore, storeLifecycle } from "./harness.ts";
import { messageEventsCases } from "./message-events.case.ts";

export function eventsCases(createStore: CreateStore): void {
  chatEventsCases(createStore);
  messageEventsCases(createStore);
  const open = storeLifecycle(createStore);

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
      { type: "message.ack", key: messageKey("1@c.us", "A"), ack: 4 },
      {
        type: "message.reaction",
        target: messageKey("1@c.us", "A"),
        reaction: { from: "2@c.us", fromMe: false, text: "👍", timestamp: 7 },
      },
      { type: "message.edit", key: messageKey("1@c.us", "B"), body: "b2", timestamp: 8 },
      { type: "chat.update", patches: [{ id: "1@c.us", name: "renamed" }] },
      { type: "message.revoke", key: messageKey("1@c.us", "B"), timestamp: 9 },
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
