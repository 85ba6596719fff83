/** @module The messages page body from the store's JSON texts equals the parse-and-serialize body. */
import type { MessagesQuery, StoredMessage } from "@wa/core";
import { createSqliteStore } from "@wa/store";
import { chat, history, message } from "@wa/store/testing";
import { afterAll, expect, it } from "vitest";
import { serializeStoreJson } from "../http-cache/json.ts";
import { messagesPageJson, toApiMessage } from "./messages.ts";

const store = createSqliteStore({ file: ":memory:" });
afterAll(() => store.close());

const query = (limit: number, offset: number): MessagesQuery => ({
  limit,
  offset,
  sortOrder: "desc",
  merge: true,
  filter: {},
  downloadMedia: false,
});

/** A message whose raw `_data` holds real Buffers (and, when `odd`, a Buffer-like of another shape). */
function withBuffers(id: string, timestamp: number, odd: boolean): StoredMessage {
  const stored = message("1@c.us", id, timestamp);
  const raw: Record<string, unknown> = {
    key: { id },
    jpegThumbnail: Buffer.from(`thumb ${id}`),
    mediaKey: Buffer.from([0, 1, 254, 255]),
    empty: Buffer.alloc(0),
    nested: [{ sha: Buffer.from("x") }],
  };
  if (odd) raw.odd = { type: "Buffer", data: "AQI=" };
  return { ...stored, message: { ...stored.message, _data: raw } };
}

/** The body the route wrote before: the parsed page mapped through toApiMessage, serialized. */
async function parsedPageBody(limit: number, offset: number): Promise<string> {
  const page = await store.listMessages("s1", "1@c.us", query(limit, offset));
  return serializeStoreJson(page.map((stored) => toApiMessage(stored)));
}

it("writes the same bytes as the parsed page, Buffers as base64, odd Buffer shapes included", async () => {
  const messages = Array.from({ length: 12 }, (_, i) => withBuffers(`M${i}`, 100 + i, i === 3));
  await store.apply("s1", history({ chats: [chat("1@c.us", 200)], messages }));
  // An ack raised after the write, and an edited body with escapes, rewrite the stored JSON.
  await store.apply("s1", [
    { type: "message.ack", key: messages[11]?.key as StoredMessage["key"], ack: 4 },
    {
      type: "message.edit",
      key: messages[10]?.key as StoredMessage["key"],
      body: 'say "hi"\n\u0001 ✓',
      timestamp: 300,
    },
  ]);
  for (const [limit, offset] of [
    [5, 0], // plain stored Buffers only
    [5, 5], // the odd Buffer-like (M3): the fallback path
    [0, 0],
    [5, 20], // empty page
  ] as const) {
    const body = await messagesPageJson(store, "s1", "1@c.us", query(limit, offset));
    expect(body, `limit ${limit} offset ${offset}`).toBe(await parsedPageBody(limit, offset));
  }
  const first = await messagesPageJson(store, "s1", "1@c.us", query(1, 0));
  expect(first).toContain(
    `"jpegThumbnail":{"type":"Buffer","data":"${Buffer.from("thumb M11").toString("base64")}"}`,
  );
  expect(first).toContain('"ack":4,');
});
