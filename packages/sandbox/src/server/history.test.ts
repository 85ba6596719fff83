/** @module Unit tests of history chunking: sizes, order, progress, and the PUSH_NAME sync. */
import { inflateSync } from "node:zlib";
import { type BinaryNode, proto } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { createWorld } from "../world/world.ts";
import { historyMessages } from "./history.ts";

function decode(node: BinaryNode): proto.IHistorySync & { progress?: number | null } {
  const plaintext = (node.content as BinaryNode[])[0]?.content as Uint8Array;
  const notification = proto.Message.decode(plaintext).protocolMessage?.historySyncNotification;
  return proto.HistorySync.decode(
    inflateSync(notification?.initialHistBootstrapInlinePayload as Uint8Array),
  );
}

const chat = (id: string, count: number) => ({
  id,
  messages: Array.from({ length: count }, (_, i) => ({
    id: `${id}-${i}`,
    fromMe: false,
    text: "t",
    timestamp: i,
  })),
});

describe("historyMessages", () => {
  it("never puts more than chunkSize messages in a chunk, splitting a long chat", () => {
    const account = createWorld().account("h");
    const nodes = historyMessages(
      account,
      { chats: [chat("1@c.us", 5), chat("2@c.us", 2), chat("3@c.us", 0)] },
      3,
    );
    const syncs = nodes.map(decode);
    const sizes = syncs.map((s) =>
      (s.conversations ?? []).reduce((n, c) => n + (c.messages?.length ?? 0), 0),
    );
    expect(sizes.every((n) => n <= 3)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(7);
    expect(syncs.at(-1)?.syncType).toBe(proto.HistorySync.HistorySyncType.RECENT);
    expect(syncs.at(-1)?.progress).toBe(100);
    expect(
      syncs
        .slice(0, -1)
        .every((s) => s.syncType === proto.HistorySync.HistorySyncType.INITIAL_BOOTSTRAP),
    ).toBe(true);
    expect(
      syncs.flatMap((s) => s.conversations ?? []).some((c) => c.id === "3@s.whatsapp.net"),
    ).toBe(true);
  });

  it("sends push names first, in their own PUSH_NAME sync", () => {
    const account = createWorld().account("h");
    const syncs = historyMessages(
      account,
      { chats: [chat("1@c.us", 1)], contacts: [{ id: "1@c.us", pushName: "One" }] },
      10,
    ).map(decode);
    expect(syncs[0]?.syncType).toBe(proto.HistorySync.HistorySyncType.PUSH_NAME);
    expect(syncs[0]?.pushnames).toEqual([
      expect.objectContaining({ id: "1@s.whatsapp.net", pushname: "One" }),
    ]);
    expect(syncs).toHaveLength(2);
  });
});
