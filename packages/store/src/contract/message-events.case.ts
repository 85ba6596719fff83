/**
 * @module Contract cases for apply() on messages: message.upsert and the unread count, reads,
 * ack monotony, reactions, edits, revokes and deletes.
 */
import type { DomainEvent } from "@wa/core";
import { expect, it } from "vitest";
import { ALL_MESSAGES, chat, history, message, messageKey } from "./fixtures.ts";
import { type CreateStore, storeLifecycle } from "./harness.ts";

const EDITED = 'edited "1.0}" \\ \n\t\u0001\u007f é 😀 \u2028';

/** The message events' cases (part of the "events" group). */
export function messageEventsCases(createStore: CreateStore): void {
  const open = storeLifecycle(createStore);

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
      store.apply("s1", { type: "message.ack", key: messageKey("1@c.us", id), ack: 3 });
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
    await store.apply("s1", { type: "message.ack", key: messageKey("1@c.us", "A", true), ack: 3 });
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
    await store.apply("s1", { type: "message.ack", key: messageKey("1@c.us", "A", true), ack: 3 });
    await store.apply("s1", { type: "message.ack", key: messageKey("1@c.us", "A", true), ack: 2 });
    let stored = await store.getMessage("s1", "1@c.us", messageKey("1@c.us", "A", true));
    expect([stored?.ack, stored?.message.ack, stored?.message.ackName]).toEqual([3, 3, "READ"]);
    // Replaying the original (lower-ack) message keeps the higher ack too.
    await store.apply(
      "s1",
      history({ messages: [message("1@c.us", "A", 1, { fromMe: true, ack: 1, body: "new" })] }),
    );
    stored = await store.getMessage("s1", "1@c.us", messageKey("1@c.us", "A", true));
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
      target: messageKey("1@c.us", "A"),
      reaction: { from, fromMe: false, text, timestamp },
    });
    await store.apply("s1", [
      react("2@c.us", "👍", 5),
      react("3@c.us", "❤️", 6),
      react("2@c.us", "😂", 7),
    ]);
    await store.apply("s1", [react("2@c.us", "😂", 7)]);
    let stored = await store.getMessage("s1", "1@c.us", messageKey("1@c.us", "A"));
    expect(stored?.reactions?.map((item) => [item.from, item.text])).toEqual([
      ["2@c.us", "😂"],
      ["3@c.us", "❤️"],
    ]);
    await store.apply("s1", react("3@c.us", "", 8));
    stored = await store.getMessage("s1", "1@c.us", messageKey("1@c.us", "A"));
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
      { type: "message.edit", key: messageKey("1@c.us", "A"), body: EDITED, timestamp: 9 },
      { type: "message.revoke", key: messageKey("1@c.us", "B"), timestamp: 9 },
      { type: "message.delete", keys: [messageKey("1@c.us", "C")] },
    ]);
    const listed = await store.listMessages("s1", "1@c.us", ALL_MESSAGES);
    expect(listed.map((item) => [item.key.id, item.message.body])).toEqual([["A", EDITED]]);
  });
}
