/**
 * @module whatsapp-web.js messages (the serialized page model a `Message` keeps as `_data`) → our
 * `StoredMessage` in WAHA's `WAMessage` shape, the same shape NOWEB produces (`from` is the chat, `to`
 * the group, `participant` the group sender), and our keys → the library's serialized ids.
 */
import {
  Ack,
  type AckLevel,
  ackName,
  buildMessageId,
  isGroupChat,
  type MessageKey,
  type MessageKind,
  type StoredMessage,
  type WAMessage,
  type WAReplyTo,
} from "@wa/core";

/** A wid as whatsapp-web.js hands it over: serialized, or an object with `_serialized`. */
export type WidLike = string | { _serialized: string } | null | undefined;

/** The fields of a serialized message model the engine reads. */
export interface WebjsMessageData {
  id: { fromMe: boolean; remote: WidLike; id: string; participant?: WidLike; _serialized?: string };
  type?: string;
  body?: string | null;
  caption?: string | null;
  t?: number;
  ack?: number;
  author?: WidLike;
  directPath?: string | null;
  quotedStanzaID?: string;
  quotedParticipant?: WidLike;
  quotedMsg?: { body?: string | null } | null;
  [field: string]: unknown;
}

/** What the message mapper needs beyond the message. */
export interface MessageMapOptions {
  /** True when this process sent the message through the API recently. */
  sentByApi?: (id: string) => boolean;
}

/** The serialized page model a whatsapp-web.js `Message` keeps (`_data`, missing from its typings). */
export const dataOf = (message: object): WebjsMessageData =>
  (message as { _data: WebjsMessageData })._data;

/** The serialized form of a wid. */
export const widText = (wid: WidLike): string | undefined =>
  typeof wid === "string" ? wid : (wid?._serialized ?? undefined);

/** The message key in our form: `participant` only for incoming group messages (as NOWEB). */
export function toMessageKey(data: Pick<WebjsMessageData, "id" | "author">): MessageKey | null {
  const chatId = widText(data.id.remote);
  if (!chatId || !data.id.id) return null;
  const key: MessageKey = { fromMe: data.id.fromMe === true, chatId, id: data.id.id };
  const participant = widText(data.id.participant) ?? widText(data.author);
  if (!key.fromMe && isGroupChat(chatId) && participant) key.participant = participant;
  return key;
}

/**
 * The library's serialized id of our key: WhatsApp Web keys our own group messages with our own
 * wid as participant (`true_<group>_<id>_<me>`), where WAHA ids (and NOWEB) have none.
 */
export function toLibraryId(key: MessageKey, meId: string | undefined): string {
  const participant = key.participant ?? (key.fromMe && isGroupChat(key.chatId) ? meId : undefined);
  return buildMessageId({ ...key, participant });
}

/** Maps one message; null for what is not a chat message (revoked, notifications, unknown ids). */
export function toStoredMessage(
  data: WebjsMessageData,
  options: MessageMapOptions = {},
): StoredMessage | null {
  const key = toMessageKey(data);
  if (!key || data.type === "revoked" || data.type === "gp2" || data.type === "e2e_notification") {
    return null;
  }
  const timestamp = data.t ?? 0;
  const ack = toAck(data.ack);
  const hasMedia = Boolean(data.directPath);
  const message: WAMessage = {
    id: buildMessageId(key),
    timestamp,
    from: key.chatId,
    fromMe: key.fromMe,
    source: options.sentByApi?.(key.id) ? "api" : "app",
    body: (hasMedia ? data.caption : data.body) ?? null,
    hasMedia,
    media: null,
    ack,
    ackName: ackName(ack),
    location: null,
    vCards: null,
    replyTo: toReplyTo(data),
    _data: data,
  };
  if (isGroupChat(key.chatId)) message.to = key.chatId;
  if (key.participant) message.participant = key.participant;
  return { key, timestamp, ack, kind: kindOf(data.type, hasMedia), message };
}

/** whatsapp-web.js ack numbers are WAHA's (-1 error … 4 played); anything else is PENDING. */
export function toAck(ack: number | undefined): AckLevel {
  return typeof ack === "number" && ack >= Ack.ERROR && ack <= Ack.PLAYED
    ? (ack as AckLevel)
    : Ack.PENDING;
}

// --- internal ---

function toReplyTo(data: WebjsMessageData): WAReplyTo | null {
  if (!data.quotedStanzaID) return null;
  const reply: WAReplyTo = { id: data.quotedStanzaID, body: data.quotedMsg?.body ?? null };
  const participant = widText(data.quotedParticipant);
  if (participant) reply.participant = participant;
  return reply;
}

function kindOf(type: string | undefined, hasMedia: boolean): MessageKind {
  if (hasMedia) return "media";
  switch (type) {
    case "chat":
    case undefined:
      return "text";
    case "location":
      return "location";
    case "vcard":
    case "multi_vcard":
      return "contact";
    case "poll_creation":
      return "poll";
    case "reaction":
      return "reaction";
    default:
      return "other";
  }
}
