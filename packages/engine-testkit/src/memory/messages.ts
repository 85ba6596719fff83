/**
 * @module Pure mappers from the memory world to core shapes: `StoredMessage` with a NOWEB-like
 * `WAMessage` (from = the chat, Baileys-like `_data`), `Chat` and contacts.
 */
import {
  type AckLevel,
  ackName,
  ackToBaileysStatus,
  buildMessageId,
  type Chat,
  isGroupChat,
  type MessageKey,
  type StoredMessage,
  toJid,
  type WAMessage,
  type WAReplyTo,
} from "@wa/core";
import type { SeedMedia } from "../world.ts";
import type { WorldChat, WorldMessage } from "./world-state.ts";

/** The key of a world message; incoming group messages name their sender. */
export function keyOf(message: WorldMessage): MessageKey {
  const key: MessageKey = { fromMe: message.fromMe, chatId: message.chatId, id: message.id };
  if (message.participant && !message.fromMe) key.participant = message.participant;
  return key;
}

/** A world message as engines emit it. */
export function toStoredMessage(message: WorldMessage): StoredMessage {
  const key = keyOf(message);
  const raw = rawMessage(message, key);
  const wa: WAMessage = {
    id: buildMessageId(key),
    timestamp: message.timestamp,
    from: message.chatId,
    fromMe: message.fromMe,
    source: message.source,
    ...(isGroupChat(message.chatId) ? { to: message.chatId } : {}),
    ...(key.participant ? { participant: key.participant } : {}),
    body: message.media && !message.text ? null : message.text,
    hasMedia: message.media !== undefined,
    media: null,
    ack: message.ack,
    ackName: ackName(message.ack),
    location: null,
    vCards: null,
    replyTo: replyToOf(message),
    _data: raw,
  };
  const kind = message.media ? "media" : "text";
  return { key, timestamp: message.timestamp, ack: message.ack, kind, message: wa };
}

/** The protocol message that deleted `target` for everyone, as NOWEB returns it. */
export function toRevokeMessage(
  protocolId: string,
  target: WorldMessage,
  timestamp: number,
  ack: AckLevel,
): StoredMessage {
  const key: MessageKey = { fromMe: true, chatId: target.chatId, id: protocolId };
  const targetKey = keyOf(target);
  const raw = {
    key: { remoteJid: toJid(key.chatId), fromMe: true, id: protocolId },
    message: { protocolMessage: { type: 0, key: jidKey(targetKey) } },
    messageTimestamp: timestamp,
    status: ackToBaileysStatus(ack),
  };
  const wa: WAMessage = {
    id: buildMessageId(key),
    timestamp,
    from: key.chatId,
    fromMe: true,
    source: "api",
    body: null,
    hasMedia: false,
    media: null,
    ack,
    ackName: ackName(ack),
    location: null,
    vCards: null,
    replyTo: null,
    _data: raw,
  };
  return { key, timestamp, ack, kind: "revoke", message: wa };
}

/** A world chat as engines emit it; its activity time is its newest message's. */
export function toChat(chat: WorldChat): Chat {
  const newest = chat.messages.reduce<number | null>(
    (max, message) => (max === null || message.timestamp > max ? message.timestamp : max),
    null,
  );
  return {
    id: chat.id,
    name: chat.name,
    conversationTimestamp: newest,
    unreadCount: chat.unreadCount,
    archived: chat.state.archived,
    pinned: chat.state.pinned,
    raw: {
      id: toJid(chat.id),
      name: chat.name ?? undefined,
      conversationTimestamp: newest,
      unreadCount: chat.unreadCount,
      archived: chat.state.archived,
    },
  };
}

// --- internal ---

function rawMessage(message: WorldMessage, key: MessageKey): Record<string, unknown> {
  const quoted = message.quoted;
  const content = message.media
    ? mediaContent(message.media, message.text)
    : quoted
      ? {
          extendedTextMessage: {
            text: message.text,
            contextInfo: {
              stanzaId: quoted.id,
              ...(quoted.participant ? { participant: toJid(quoted.participant) } : {}),
              quotedMessage: { conversation: quoted.text },
            },
          },
        }
      : { conversation: message.text };
  return {
    key: jidKey(key),
    message: content,
    messageTimestamp: message.timestamp,
    status: ackToBaileysStatus(message.ack),
  };
}

/** A Baileys-like content field describing a file (the bytes stay in the world). */
function mediaContent(media: SeedMedia, caption: string | null): Record<string, unknown> {
  const field = media.type === "voice" ? "audioMessage" : `${media.type}Message`;
  const size =
    typeof media.data === "string" ? Buffer.byteLength(media.data, "base64") : media.data.length;
  return {
    [field]: {
      mimetype: media.mimetype,
      fileLength: size,
      ...(caption ? { caption } : {}),
      ...(media.filename ? { fileName: media.filename } : {}),
      ...(media.type === "voice" ? { ptt: true } : {}),
    },
  };
}

function replyToOf(message: WorldMessage): WAReplyTo | null {
  const quoted = message.quoted;
  if (!quoted) return null;
  return {
    id: quoted.id,
    ...(quoted.participant ? { participant: quoted.participant } : {}),
    body: quoted.text,
    _data: { conversation: quoted.text },
  };
}

function jidKey(key: MessageKey): Record<string, unknown> {
  return {
    remoteJid: toJid(key.chatId),
    fromMe: key.fromMe,
    id: key.id,
    ...(key.participant ? { participant: toJid(key.participant) } : {}),
  };
}
