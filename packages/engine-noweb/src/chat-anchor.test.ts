/** @module The anchor of chat changes: Baileys' checks pass for every message the store may hold. */
import type { StoredMessage } from "@wa/core";
import { chatModificationToAppPatch } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { chatAnchor } from "./chat-anchor.ts";

const GROUP = "120363000000000001@g.us";
const NOW = () => 1764149999;

function stored(fields: {
  chatId?: string;
  fromMe?: boolean;
  participant?: string;
  timestamp?: number;
  data?: unknown;
}): StoredMessage {
  const key: StoredMessage["key"] = {
    fromMe: fields.fromMe ?? false,
    chatId: fields.chatId ?? GROUP,
    id: "3EB0NEWEST",
  };
  if (fields.participant) key.participant = fields.participant;
  const timestamp = fields.timestamp ?? 1764140000;
  return {
    key,
    timestamp,
    ack: 2,
    kind: "text",
    message: { _data: fields.data ?? null } as StoredMessage["message"],
  };
}

/** What Baileys does with the anchor before anything is sent (throws its 400s). */
const archivePatch = (message: StoredMessage) =>
  chatModificationToAppPatch(
    { archive: true, lastMessages: chatAnchor(message, NOW) } as never,
    "120363000000000001@g.us",
  );

describe("chatAnchor", () => {
  it("anchors on the newest message when Baileys accepts it", () => {
    const anchor = chatAnchor(stored({ participant: "14155550101@c.us" }), NOW);
    expect(anchor).toEqual([
      {
        key: {
          remoteJid: GROUP,
          fromMe: false,
          id: "3EB0NEWEST",
          participant: "14155550101@s.whatsapp.net",
        },
        messageTimestamp: 1764140000,
      },
    ]);
  });

  // Regression (issue 15, defect 2): "Expected not from me message to have participant".
  it("falls back to the activity time for a group message without its sender", () => {
    const message = stored({});
    expect(chatAnchor(message, NOW)).toEqual({ lastMessageTimestamp: 1764140000 });
    expect(() => archivePatch(message)).not.toThrow();
  });

  it("takes the sender a history message carries beside its key", () => {
    const anchor = chatAnchor(stored({ data: { participant: "14155550102@s.whatsapp.net" } }), NOW);
    expect(anchor).toMatchObject([{ key: { participant: "14155550102@s.whatsapp.net" } }]);
  });

  // Regression (issue 15, defect 2): "Missing timestamp in last message list".
  it("falls back for a message without a timestamp (raw timestamp first, else now)", () => {
    const dm = { chatId: "14155550101@c.us", timestamp: 0 };
    expect(chatAnchor(stored({ ...dm, data: { messageTimestamp: 1764130000 } }), NOW)).toEqual([
      expect.objectContaining({ messageTimestamp: 1764130000 }),
    ]);
    const message = stored(dm);
    expect(chatAnchor(message, NOW)).toEqual({ lastMessageTimestamp: 1764149999 });
    expect(() => archivePatch(message)).not.toThrow();
  });

  it("keeps our own group messages as anchors (they need no sender)", () => {
    expect(chatAnchor(stored({ fromMe: true }), NOW)).toEqual([
      expect.objectContaining({ key: expect.objectContaining({ fromMe: true }) }),
    ]);
  });
});
