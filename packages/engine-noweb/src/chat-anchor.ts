/**
 * @module The anchor of a chat change (archive, unread, delete, clear): WhatsApp's `messageRange`,
 * built from the newest stored message. Baileys refuses a range whose group message from someone
 * else has no sender, or whose message has no timestamp (a 400 before anything is sent); such
 * messages are stored all the same (history from some phones, a seeded world), so the change falls
 * back to a range with the last activity time only, as whatsmeow builds it when it has no message
 * key (`appstate.newMessageRange`).
 */
import { isGroupChat, type StoredMessage } from "@wa/core";
import { toBaileysKey } from "./map/message.ts";
import { toNumber } from "./map/raw.ts";

/** What Baileys' `chatModify` takes as `lastMessages`: messages it checks, or a range it sends as is. */
export type ChatAnchor =
  | Array<{ key: ReturnType<typeof toBaileysKey>; messageTimestamp: number }>
  | { lastMessageTimestamp: number };

/** The anchor of a change on the chat whose newest stored message is `last`. */
export function chatAnchor(last: StoredMessage, now = () => Math.floor(Date.now() / 1000)) {
  const raw = rawFields(last.message._data);
  const key = toBaileysKey(last.key);
  // History messages may carry the group sender beside the key instead of in it.
  if (!key.participant && raw.participant) key.participant = raw.participant;
  const timestamp = last.timestamp > 0 ? last.timestamp : (raw.timestamp ?? 0);
  const senderKnown = key.fromMe || !isGroupChat(last.key.chatId) || Boolean(key.participant);
  if (senderKnown && timestamp > 0) {
    return [{ key, messageTimestamp: timestamp }] satisfies ChatAnchor;
  }
  return { lastMessageTimestamp: timestamp > 0 ? timestamp : now() } satisfies ChatAnchor;
}

// --- internal ---

/** The sender and timestamp a stored raw Baileys message (`_data`) may carry. */
function rawFields(data: unknown): { participant?: string; timestamp?: number } {
  if (typeof data !== "object" || data === null) return {};
  const raw = data as { participant?: unknown; messageTimestamp?: unknown };
  const timestamp = toNumber(raw.messageTimestamp);
  return {
    ...(typeof raw.participant === "string" && raw.participant
      ? { participant: raw.participant }
      : {}),
    ...(timestamp && timestamp > 0 ? { timestamp } : {}),
  };
}
