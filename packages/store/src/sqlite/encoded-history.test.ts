/** @module History encoded for the ingest worker writes exactly the rows the plain batch writes. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DomainEvent, StoredMessage } from "@wa/core";
import type { Database } from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { chat, history, message } from "../contract/fixtures.ts";
import { createApplyUnit } from "./apply-unit.ts";
import { encodeUnit, unitEventRows } from "./encoded-history.ts";
import { eventRows } from "./event-units.ts";
import { openDatabase } from "./open.ts";
import { createSqliteStore } from "./store.ts";

const dir = mkdtempSync(join(tmpdir(), "wa-store-encoded-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const replayed = { ...message("1@c.us", "M1", 1, { ack: 1 }), reactions: [] };
const unit: DomainEvent[] = [
  history({
    chats: [chat("1@c.us", 1), chat("2@c.us", 2)],
    messages: [
      message("1@c.us", "M1", 1),
      message("1@c.us", "M2", 90_000, { fromMe: true }),
      message("2@c.us", "G1", 5, { participant: "9@c.us", kind: "reaction" }),
      replayed, // the same key again, with a lower ack: the ack stays, the bucket moves nothing
    ],
    contacts: [{ id: "9@c.us", name: "Nine", pushName: null, raw: { id: "9@c.us" } }],
    lidMappings: [{ lid: "7@lid", pn: "2@c.us" }],
  }),
  { type: "chat.unread", chatId: "2@c.us", unreadCount: 4 },
];

const everyRow = (db: Database) =>
  ["chats", "messages", "message_buckets", "message_months", "contacts", "lid_map"].map((table) =>
    db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).raw().all(),
  );

describe("history encoded for the ingest worker", () => {
  it("writes the same rows, byte for byte, as the batch it encodes, and counts the same rows", () => {
    const plain = openDatabase(":memory:");
    const encoded = openDatabase(":memory:");
    createApplyUnit(plain)("s1", unit);
    createApplyUnit(encoded)("s1", encodeUnit("s1", unit));
    expect(everyRow(encoded)).toEqual(everyRow(plain));
    expect(everyRow(plain)[1]).toHaveLength(3);
    expect(encodeUnit("s1", unit).map(unitEventRows)).toEqual(unit.map(eventRows));
    plain.close();
    encoded.close();
  });

  it("a message that cannot be encoded fails its write in the worker, which keeps nothing of it", async () => {
    const store = createSqliteStore({
      file: join(dir, "store.sqlite3"),
      offloadRows: 2, // the write after the failed one goes through the worker too
      ingestUnitRows: 2,
      ingestTransactionRows: 100,
    });
    const messages = Array.from({ length: 6 }, (_, i) => message("1@c.us", `M${i}`, i));
    // A BigInt clones, but JSON cannot hold it: the unit goes over unencoded and fails there.
    const broken = { ...message("1@c.us", "X", 9), message: { n: 1n } } as unknown as StoredMessage;
    await expect(
      store.apply("s1", history({ messages: [...messages, broken] })),
    ).rejects.toMatchObject({ code: "WA_STORE_FAILURE" });
    await store.apply("s1", history({ messages: messages.slice(0, 3) }));
    expect(await store.counts("s1")).toMatchObject({ messages: 3 });
    await store.close();
  });
});
