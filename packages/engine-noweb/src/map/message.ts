/**
 * @module Baileys `WebMessageInfo` → our `StoredMessage` / WAHA `WAMessage` (waha-compat §3.1), and
 * message keys both ways. Pure: the mapping of every field is decided here and tested over fixtures.
 */

import {
  Ack,
  type AckLevel,
  ackFromBaileysStatus,
  ackName,
  buildMessageId,
  fromJid,
  isGroupChat,
  type MessageKey,
  type StoredMessage,
  toJid,
  type WALocation,
  type WAMessage,
  type WAReaction,
  type WAReplyTo,
} from "@wa/core";
import type { WAMessage as BaileysMessage, proto, WAMessageKey } from "@whiskeysockets/baileys";
import {
  type Content,
  classifyContent,
  contentType,
  extractBody,
  extractContextInfo,
  MEDIA_TYPES,
  normalizeContent,
} from "./content.ts";
import { bytesToBase64, toNumber, toRawJson } from "./raw.ts";

/** What the message mapper needs beyond the message itself. */
export interface MessageMapOptions {
  /** True when this process sent the message through the API in the last 10 minutes. */
  sentByApi?: (id: string) => boolean;
  /** The account's own chat id, used as the author of our own reactions. */
  meId?: string;
}

/** A Baileys message key in our form, or null when it lacks a chat or an id. */
export function toMessageKey(
  key: WAMessageKey | proto.IMessageKey | null | undefined,
): MessageKey | null {
  if (!key?.remoteJid || !key.id) return null;
  const result: MessageKey = {
    fromMe: key.fromMe === true,
    chatId: fromJid(key.remoteJid),
    id: key.id,
  };
  if (key.participant) result.participant = fromJid(key.participant);
  return result;
}

/** Our message key as a Baileys key. */
export function toBaileysKey(key: MessageKey): WAMessageKey {
  const result: WAMessageKey = { remoteJid: toJid(key.chatId), fromMe: key.fromMe, id: key.id };
  if (key.participant) result.participant = toJid(key.participant);
  return result;
}

/**
 * Maps one Baileys message. Returns null for messages without content (stubs, undecryptable
 * placeholders), which WAHA never stores either. Reactions, edits and revokes map too (with their
 * non-displayable kind); the event mapper turns those into their own events instead.
 */
export function toStoredMessage(
  raw: BaileysMessage,
  options: MessageMapOptions = {},
): StoredMessage | null {
  const key = toMessageKey(raw.key);
  const kind = classifyContent(raw.message);
  if (!key || !kind) return null;
  const timestamp = toNumber(raw.messageTimestamp) ?? 0;
  // WAHA stores upserted messages without a status as DEVICE (delivered).
  const ack: AckLevel = ackFromBaileysStatus(toNumber(raw.status)) ?? Ack.DEVICE;
  const message: WAMessage = {
    id: buildMessageId(key),
    timestamp,
    from: key.chatId,
    fromMe: key.fromMe,
    source: options.sentByApi?.(key.id) ? "api" : "app",
    body: extractBody(raw.message),
    hasMedia: MEDIA_TYPES.has(contentType(normalizeContent(raw.message)) ?? ""),
    media: null,
    ack,
    ackName: ackName(ack),
    location: extractLocation(raw.message),
    vCards: extractVCards(raw.message),
    replyTo: extractReplyTo(raw.message),
    _data: toRawJson(raw),
  };
  // NOWEB: `to` is the group for group messages and absent in DMs; `participant` is the sender.
  if (isGroupChat(key.chatId)) message.to = key.chatId;
  if (key.participant) message.participant = key.participant;
  const stored: StoredMessage = { key, timestamp, ack, kind, message };
  const reactions = extractReactions(raw, options.meId);
  if (reactions.length > 0) stored.reactions = reactions;
  return stored;
}

/** The author of a message as a chat id: the participant in groups, the chat in DMs, me when fromMe. */
export function messageAuthor(key: MessageKey, meId: string | undefined): string {
  if (key.fromMe) return meId ?? key.chatId;
  return key.participant ?? key.chatId;
}

// --- internal ---

function extractLocation(message: Content | null | undefined): WALocation | null {
  const content = normalizeContent(message);
  const live = content?.liveLocationMessage;
  const still = content?.locationMessage;
  const source = still ?? live;
  if (!source) return null;
  const location: WALocation = {
    latitude: String(source.degreesLatitude ?? 0),
    longitude: String(source.degreesLongitude ?? 0),
    live: !still || still.isLive === true,
  };
  if (still?.name) location.name = still.name;
  if (still?.address) location.address = still.address;
  if (still?.url) location.url = still.url;
  const description = still?.comment ?? live?.caption;
  if (description) location.description = description;
  const thumbnail = bytesToBase64(source.jpegThumbnail);
  if (thumbnail) location.thumbnail = thumbnail;
  return location;
}

function extractVCards(message: Content | null | undefined): string[] | null {
  const content = normalizeContent(message);
  if (content?.contactMessage?.vcard) return [content.contactMessage.vcard];
  const many = content?.contactsArrayMessage?.contacts;
  if (many) return many.map((contact) => contact.vcard ?? "").filter(Boolean);
  return null;
}

function extractReplyTo(message: Content | null | undefined): WAReplyTo | null {
  const context = extractContextInfo(message);
  if (!context?.stanzaId) return null;
  const reply: WAReplyTo = {
    id: context.stanzaId,
    body: extractBody(context.quotedMessage),
    _data: toRawJson(context.quotedMessage ?? null),
  };
  if (context.participant) reply.participant = fromJid(context.participant);
  return reply;
}

function extractReactions(raw: BaileysMessage, meId: string | undefined): WAReaction[] {
  const list = (raw.reactions ?? []) as proto.IReaction[];
  const chatId = raw.key.remoteJid ? fromJid(raw.key.remoteJid) : "";
  return list.map((reaction) => {
    const fromMe = reaction.key?.fromMe === true;
    const sender = reaction.key?.participant ?? reaction.key?.remoteJid;
    const result: WAReaction = {
      from: fromMe ? (meId ?? chatId) : sender ? fromJid(sender) : chatId,
      fromMe,
      text: reaction.text ?? "",
      timestamp: Math.floor((toNumber(reaction.senderTimestampMs) ?? 0) / 1000),
    };
    if (reaction.key?.id) result.id = reaction.key.id;
    return result;
  });
}
