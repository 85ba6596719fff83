/**
 * @module Contract cases for the outbox written by apply(): which changes are events, with which
 * payload, in which order; replays, history and failed writes give none; per-session sequences
 * and ids; listing after a point.
 */
import { Ack, type DomainEvent, EVENT_ID_PATTERN } from "@wa/core";
import { expect, it } from "vitest";
import type { OutboxEvent, Store } from "../types.ts";
import { chat, history, message } from "./fixtures.ts";
import { type CreateStore, storeLifecycle } from "./harness.ts";

const A = "1@c.us";
const GROUP = "9-9@g.us";
const key = (chatId: string, id: string, fromMe = false) => ({ fromMe, chatId, id });
const names = (events: readonly OutboxEvent[]) => events.map((event) => event.event);
const payloads = (events: readonly OutboxEvent[]) =>
  events.map((event) => JSON.parse(event.payload));

/** Every event of a session. */
async function everything(store: Store, session: string) {
  return store.outbox.list(session, { afterSeq: 0, limit: 10_000 });
}

export function outboxCases(createStore: CreateStore): void {
  const open = storeLifecycle(createStore);

  it("a new live incoming message is `message` and `message.any` with the stored WAMessage; a replay is nothing", async () => {
    const store = await open();
    const incoming = message(A, "M1", 100);
    const live: DomainEvent = { type: "message.upsert", messages: [incoming], notify: true };
    const { events } = await store.apply("s1", live);
    expect(names(events)).toEqual(["message", "message.any"]);
    expect(events.map((e) => e.chatId)).toEqual([A, A]);
    for (const event of events) expect(event.payload).toBe(JSON.stringify(incoming.message));
    expect((await store.apply("s1", live)).events).toEqual([]);
    expect(await everything(store, "s1")).toEqual(events);
  });

  it("own messages are `message.any` only, live or not; older messages a history request brings are nothing", async () => {
    const store = await open();
    const own = message(A, "OWN", 100, { fromMe: true });
    const fetched = message(A, "OLD", 50);
    const { events } = await store.apply("s1", [
      { type: "message.upsert", messages: [own], notify: false },
      { type: "message.upsert", messages: [fetched], notify: false },
      {
        type: "message.upsert",
        messages: [message(A, "R", 101, { kind: "reaction" })],
        notify: true,
      },
    ]);
    expect(names(events)).toEqual(["message.any"]);
    expect(JSON.parse(events[0]?.payload ?? "null")).toMatchObject({ id: own.message.id });
  });

  it("history sync, and its replay, write no event (as WAHA: no webhooks for history)", async () => {
    const store = await open();
    const batch = history({
      chats: [chat(A, 10, { archived: true })],
      messages: [message(A, "H1", 5), message(A, "H2", 6, { fromMe: true })],
    });
    expect((await store.apply("s1", batch)).events).toEqual([]);
    expect((await store.apply("s1", batch)).events).toEqual([]);
    const marked: DomainEvent[] = [
      {
        type: "message.reaction",
        target: key(A, "H1"),
        history: true,
        reaction: { from: A, fromMe: false, text: "👍", timestamp: 7 },
      },
      { type: "message.edit", key: key(A, "H2", true), body: "new", timestamp: 8, history: true },
      { type: "message.revoke", key: key(A, "H1"), timestamp: 9, history: true },
    ];
    expect((await store.apply("s1", marked)).events).toEqual([]);
    expect(await store.counts("s1")).toMatchObject({ messages: 1 });
    expect(await everything(store, "s1")).toEqual([]);
  });

  it("message.ack is an event only when the ack of an own message rises", async () => {
    const store = await open();
    const own = message(A, "OWN", 100, { fromMe: true, ack: Ack.SERVER });
    await store.apply("s1", history({ messages: [own, message(A, "IN", 90)] }));
    const { events } = await store.apply("s1", [
      { type: "message.ack", key: key(A, "OWN", true), ack: Ack.DEVICE },
      { type: "message.ack", key: key(A, "OWN", true), ack: Ack.DEVICE },
      { type: "message.ack", key: key(A, "OWN", true), ack: Ack.SERVER },
      { type: "message.ack", key: key(A, "IN"), ack: Ack.READ },
      { type: "message.ack", key: key(A, "NOPE", true), ack: Ack.READ },
      { type: "message.ack", key: key(A, "OWN", true), ack: Ack.READ },
    ]);
    expect(names(events)).toEqual(["message.ack", "message.ack"]);
    expect(payloads(events)).toEqual([
      { id: own.message.id, from: own.message.from, fromMe: true, ack: 2, ackName: "DEVICE" },
      { id: own.message.id, from: own.message.from, fromMe: true, ack: 3, ackName: "READ" },
    ]);
  });

  it("message.reaction on a change of the stored reactions (group: the reactor is the participant)", async () => {
    const store = await open();
    await store.apply(
      "s1",
      history({ messages: [message(GROUP, "G1", 5, { participant: "7@c.us" })] }),
    );
    const reaction = { from: "8@c.us", fromMe: false, text: "❤", timestamp: 10, id: "R1" };
    const react: DomainEvent = { type: "message.reaction", target: key(GROUP, "G1"), reaction };
    const first = await store.apply("s1", react);
    expect(payloads(first.events)).toEqual([
      {
        id: "R1",
        timestamp: 10,
        from: GROUP,
        fromMe: false,
        source: "app",
        participant: "8@c.us",
        reaction: { text: "❤", messageId: `false_${GROUP}_G1` },
      },
    ]);
    expect((await store.apply("s1", react)).events).toEqual([]);
    const removed = await store.apply("s1", {
      ...react,
      reaction: { ...reaction, text: "", timestamp: 11 },
    });
    expect(names(removed.events)).toEqual(["message.reaction"]);
    expect((await store.apply("s1", { ...react, target: key(GROUP, "NOPE") })).events).toEqual([]);
  });

  it("message.edited carries the message with its new body; message.revoked the message as it was", async () => {
    const store = await open();
    const own = message(A, "E1", 5, { fromMe: true });
    await store.apply("s1", history({ messages: [own] }));
    const edit: DomainEvent = {
      type: "message.edit",
      key: key(A, "E1", true),
      body: "fixed",
      timestamp: 6,
    };
    const edited = await store.apply("s1", edit);
    expect(payloads(edited.events)).toEqual([
      { ...own.message, body: "fixed", editedMessageId: "E1" },
    ]);
    expect((await store.apply("s1", edit)).events).toEqual([]);
    const revoke: DomainEvent = { type: "message.revoke", key: key(A, "E1", true), timestamp: 7 };
    const revoked = await store.apply("s1", revoke);
    expect(payloads(revoked.events)).toEqual([
      { after: null, before: { ...own.message, body: "fixed" }, revokedMessageId: "E1" },
    ]);
    expect((await store.apply("s1", revoke)).events).toEqual([]);
  });

  it("chat.archive only when the flag flips: one event per archive, none for its echo", async () => {
    const store = await open();
    await store.apply("s1", history({ chats: [chat(A, 10)] }));
    const archive = (archived: boolean, timestamp: number): DomainEvent => ({
      type: "chat.archive",
      chatId: A,
      archived,
      timestamp,
    });
    const first = await store.apply("s1", [archive(true, 20), archive(true, 21)]);
    expect(payloads(first.events)).toEqual([{ id: A, archived: true, timestamp: 20 }]);
    expect((await store.apply("s1", archive(true, 22))).events).toEqual([]);
    expect(names((await store.apply("s1", archive(false, 23))).events)).toEqual(["chat.archive"]);
    expect(await store.getChat("s1", A)).toMatchObject({ archived: false });
  });

  it("session.status on each change of status, with the last three statuses", async () => {
    const store = await open();
    const status = (s: "STARTING" | "SCAN_QR_CODE" | "WORKING" | "STOPPED"): DomainEvent => ({
      type: "session.status",
      status: s,
    });
    const { events } = await store.apply("s1", [
      status("STARTING"),
      status("STARTING"),
      status("SCAN_QR_CODE"),
      status("WORKING"),
      status("WORKING"),
    ]);
    expect(events.map((e) => [e.event, e.chatId])).toEqual([
      ["session.status", null],
      ["session.status", null],
      ["session.status", null],
    ]);
    const stopped = (await store.apply("s1", status("STOPPED"))).events;
    const payload = JSON.parse(stopped[0]?.payload ?? "null");
    expect(payload).toMatchObject({ name: "s1", status: "STOPPED" });
    expect(payload.statuses.map((p: { status: string }) => p.status)).toEqual([
      "SCAN_QR_CODE",
      "WORKING",
      "STOPPED",
    ]);
    expect(payload.statuses.at(-1).timestamp).toBe(stopped[0]?.timestamp);
  });

  it("each session has its own sequence 1, 2, 3… and increasing evt_ ids with their time", async () => {
    const store = await open();
    const live = (chatId: string, id: string): DomainEvent => ({
      type: "message.upsert",
      messages: [message(chatId, id, 1)],
      notify: true,
    });
    await store.apply("s1", live(A, "X1"));
    await store.apply("s2", live(A, "Y1"));
    await store.apply("s1", [live(A, "X2"), live(GROUP, "X3")]);
    const s1 = await everything(store, "s1");
    expect(s1.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await everything(store, "s2")).map((e) => e.seq)).toEqual([1, 2]);
    for (const event of s1) {
      expect(event.id).toMatch(EVENT_ID_PATTERN);
      expect(event.session).toBe("s1");
    }
    expect([...s1.map((e) => e.id)].sort()).toEqual(s1.map((e) => e.id));
    expect(new Set([...s1, ...(await everything(store, "s2"))].map((e) => e.id)).size).toBe(8);
    expect(await store.outbox.find("s1", s1[2]?.id ?? "")).toEqual(s1[2]);
    expect(await store.outbox.find("s2", s1[2]?.id ?? "")).toBeNull();
  });

  it("lists exactly the events after a point, page by page", async () => {
    const store = await open();
    for (let i = 0; i < 7; i++) {
      const messages = [message(A, `P${i}`, i)];
      await store.apply("s1", { type: "message.upsert", messages, notify: true });
    }
    const all = await everything(store, "s1");
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(await store.outbox.list("s1", { afterSeq: 5, limit: 3 })).toEqual(all.slice(5, 8));
    const pages: OutboxEvent[] = [];
    let after = 0;
    for (;;) {
      const page = await store.outbox.list("s1", { afterSeq: after, limit: 4 });
      if (page.length === 0) break;
      pages.push(...page);
      after = page.at(-1)?.seq ?? after;
    }
    expect(pages).toEqual(all);
    expect(await store.outbox.list("s1", { afterSeq: 14, limit: 4 })).toEqual([]);
  });

  it("a failed apply writes no event and hands out no sequence number", async () => {
    const store = await open();
    const broken = { ...message(A, "BAD", 1), timestamp: null } as never;
    await expect(
      store.apply("s1", [
        { type: "message.upsert", messages: [message(A, "OK", 1)], notify: true },
        { type: "message.upsert", messages: [broken], notify: true },
      ]),
    ).rejects.toMatchObject({ code: "WA_STORE_FAILURE" });
    expect(await everything(store, "s1")).toEqual([]);
    const { events } = await store.apply("s1", {
      type: "message.upsert",
      messages: [message(A, "OK", 1)],
      notify: true,
    });
    expect(events.map((e) => e.seq)).toEqual([1, 2]);
  });
}
