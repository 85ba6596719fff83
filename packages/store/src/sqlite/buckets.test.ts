/** @module Bucket counts stay equal to COUNT(*) over the messages after random event sequences. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AckLevel, DomainEvent, MessageKind } from "@wa/core";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { history, message } from "../contract/fixtures.ts";
import { createSqliteStore } from "./store.ts";

const dir = mkdtempSync(join(tmpdir(), "wa-store-buckets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CHATS = ["1@c.us", "2@c.us", "3@lid"];
const KINDS: MessageKind[] = ["text", "text", "media", "reaction", "protocol"];
const DAY = 86_400;

/** A random event over a small key space, so that replays, moves and deletes hit stored rows. */
function randomEvents(seed: number, count: number): DomainEvent[] {
  let state = seed * 48271 + 11;
  const random = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const chatId = () => CHATS[random(CHATS.length)] as string;
  const randomMessage = () => {
    const fromMe = random(3) === 0;
    // Days around 0 and the epoch of today, so negative and day-edge timestamps are covered.
    const timestamp = (random(2) === 0 ? -2 * DAY : 1_700_000_000) + random(5) * DAY - random(3);
    return message(chatId(), `M${random(30)}`, timestamp, {
      fromMe,
      ack: random(5),
      kind: KINDS[random(KINDS.length)] as MessageKind,
    });
  };
  const key = () => ({ fromMe: false, chatId: chatId(), id: `M${random(30)}` });
  const events: DomainEvent[] = [];
  for (let i = 0; i < count; i++) {
    const pick = random(20);
    if (pick < 6)
      events.push(history({ messages: Array.from({ length: 1 + random(12) }, randomMessage) }));
    else if (pick < 10)
      events.push({ type: "message.upsert", messages: [randomMessage()], notify: true });
    else if (pick < 14)
      events.push({ type: "message.ack", key: key(), ack: random(5) as AckLevel });
    else if (pick < 16) events.push({ type: "message.revoke", key: key(), timestamp: 1 });
    else if (pick < 18) events.push({ type: "message.delete", keys: [key(), key()] });
    else if (pick < 19) events.push({ type: "chat.clear", chatId: chatId() });
    else events.push({ type: "chat.delete", chatId: chatId() });
  }
  return events;
}

const EXPECTED = `SELECT session, chat_id, bucket, from_me, ack, n FROM (
    SELECT session, chat_id, CAST(floor(timestamp / 86400.0) AS INTEGER) AS bucket, from_me, ack,
      COUNT(*) AS n FROM messages WHERE displayable = 1 GROUP BY 1, 2, 3, 4, 5)
  ORDER BY 1, 2, 3, 4, 5`;
const ACTUAL =
  "SELECT session, chat_id, bucket, from_me, ack, n FROM message_buckets ORDER BY 1, 2, 3, 4, 5";
const EXPECTED_MONTHS = `SELECT session, chat_id, month, from_me, ack, n FROM (
    SELECT session, chat_id, CAST(floor(floor(timestamp / 86400.0) / 32.0) AS INTEGER) AS month,
      from_me, ack, COUNT(*) AS n FROM messages WHERE displayable = 1 GROUP BY 1, 2, 3, 4, 5)
  ORDER BY 1, 2, 3, 4, 5`;
const ACTUAL_MONTHS =
  "SELECT session, chat_id, month, from_me, ack, n FROM message_months ORDER BY 1, 2, 3, 4, 5";

describe("message buckets", () => {
  it.each([1, 2, 3, 4, 5, 6])(
    "equal COUNT(*) over messages after every apply (seed %i)",
    async (seed) => {
      const file = join(dir, `buckets-${seed}.sqlite3`);
      // Tiny units and transactions: the deltas of a call span several of them.
      const store = createSqliteStore({ file, unitRows: 4, transactionRows: 8 });
      const check = new Database(file, { readonly: true });
      try {
        const events = randomEvents(seed, 240);
        for (let start = 0; start < events.length; ) {
          const size = 1 + ((start * 7 + seed) % 9);
          await store.apply(seed % 2 === 0 ? "s1" : "s2", events.slice(start, start + size));
          await store.apply("s1", events.slice(start, start + size)); // replays count nothing
          start += size;
          expect(check.prepare(ACTUAL).all()).toEqual(check.prepare(EXPECTED).all());
          expect(check.prepare(ACTUAL_MONTHS).all()).toEqual(check.prepare(EXPECTED_MONTHS).all());
        }
        expect((check.prepare(ACTUAL).all() as unknown[]).length).toBeGreaterThan(0);
        await store.sessions.delete("s1");
        expect(check.prepare(ACTUAL).all()).toEqual(check.prepare(EXPECTED).all());
        expect(check.prepare(ACTUAL_MONTHS).all()).toEqual(check.prepare(EXPECTED_MONTHS).all());
      } finally {
        check.close();
        await store.close();
      }
    },
  );

  it("a failed apply rolls back its counts with its rows", async () => {
    const file = join(dir, "buckets-failed.sqlite3");
    const store = createSqliteStore({ file, unitRows: 2, transactionRows: 4 });
    const check = new Database(file, { readonly: true });
    try {
      await store.apply("s1", history({ messages: [message("1@c.us", "A", 1_700_000_000)] }));
      const broken = { ...message("1@c.us", "X", 1), timestamp: null } as never;
      const good = (id: string) => message("1@c.us", id, 1_700_000_000 + DAY);
      const batch = history({ messages: [good("B"), good("C"), good("D"), broken] });
      await expect(store.apply("s1", batch)).rejects.toMatchObject({ code: "WA_STORE_FAILURE" });
      // Units committed before the failing one stay (with their counts); the rest rolled back.
      expect(check.prepare(ACTUAL).all()).toEqual(check.prepare(EXPECTED).all());
      expect(check.prepare(ACTUAL_MONTHS).all()).toEqual(check.prepare(EXPECTED_MONTHS).all());
      const stored = check.prepare("SELECT id FROM messages ORDER BY id").pluck().all();
      expect(stored).not.toContain("D");
    } finally {
      check.close();
      await store.close();
    }
  });
});
