/** @module `listMessagesJson` and `listMessagesJsonArray` on texts older writes left behind: SQLite's `4.0` for a raised ack. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";
import { chat, history, message } from "../contract/fixtures.ts";
import { createSqliteStore } from "./store.ts";

const dir = mkdtempSync(join(tmpdir(), "wa-store-json-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const QUERY = {
  limit: 0,
  offset: 0,
  sortOrder: "asc",
  merge: true,
  filter: {},
  downloadMedia: false,
} as const;

it("writes a stored REAL ack (`4.0`) as JSON.stringify does, and leaves other texts as stored", async () => {
  const file = join(dir, "legacy.sqlite3");
  const first = createSqliteStore({ file });
  const messages = ["A", "B"].map((id, i) => message("1@c.us", id, i + 1));
  await first.apply("s1", history({ chats: [chat("1@c.us", 5)], messages }));
  await first.close();
  // What the ack update wrote before it bound the ack as an integer.
  const db = new Database(file);
  db.prepare("UPDATE messages SET data = json_set(data, '$.ack', ?) WHERE id = 'A'").run(4.5 - 0.5);
  const legacy = db.prepare("SELECT data FROM messages WHERE id = 'A'").pluck().get() as string;
  db.close();
  expect(legacy).toContain('"ack":4.0,');

  const store = createSqliteStore({ file });
  const texts = await store.listMessagesJson("s1", "1@c.us", QUERY);
  const array = await store.listMessagesJsonArray("s1", "1@c.us", QUERY);
  const listed = await store.listMessages("s1", "1@c.us", QUERY);
  await store.close();
  expect(texts).toEqual(listed.map((item) => JSON.stringify(item.message)));
  expect(texts[0]).toContain('"ack":4,');
  expect(array).toEqual({ length: 2, text: `[${texts.join(",")}]` });
});
