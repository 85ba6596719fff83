/** @module Serialized message ids `{fromMe}_{chatId}_{id}[_{participant}]`, parsed strictly and built. */
import { WaError } from "../errors.ts";
import { type ChatId, normalizeChatId } from "./jid.ts";

/** The parts of a message id. `chatId` and `participant` are in API (`@c.us`) form. */
export interface MessageKey {
  /** Whether this account sent the message. */
  fromMe: boolean;
  /** The chat the message belongs to. */
  chatId: ChatId;
  /** The bare WhatsApp message id, e.g. `3EB0C431C26A1916E0B1`. */
  id: string;
  /** The sender inside a group chat. */
  participant?: ChatId;
}

/** A message id as given on get-message-by-id: a full key, or a bare id WAHA accepts there. */
export type MessageRef = MessageKey | { id: string; fromMe?: undefined; chatId?: undefined };

const BARE_ID = /^[A-Za-z0-9.:-]{1,128}$/;
const FORMAT_HINT =
  "Message id must be in format false_11111111111@c.us_AAAAAAAAAAAAAAAAAAAA[_participant]";

/** Builds the serialized id WAHA clients see. */
export function buildMessageId(key: MessageKey): string {
  const base = `${key.fromMe}_${key.chatId}_${key.id}`;
  return key.participant ? `${base}_${key.participant}` : base;
}

/**
 * Parses a serialized message id strictly. Throws `WA_INVALID_MESSAGE_ID` (a typed error, never a
 * crash) when it has not 3 or 4 parts, `fromMe` is not `true`/`false`, or a part is malformed.
 */
export function parseMessageId(serialized: string): MessageKey {
  const parts = serialized.split("_");
  if (parts.length !== 3 && parts.length !== 4) throw invalid(serialized);
  const [fromMeText, chatText, id, participantText] = parts as [string, string, string, string?];
  if (fromMeText !== "true" && fromMeText !== "false") throw invalid(serialized);
  if (!BARE_ID.test(id)) throw invalid(serialized);
  const chatId = normalizeOrThrow(chatText, serialized);
  const key: MessageKey = { fromMe: fromMeText === "true", chatId, id };
  if (participantText !== undefined)
    key.participant = normalizeOrThrow(participantText, serialized);
  return key;
}

/**
 * Parses a message id in WAHA's "soft" mode (get-message-by-id): a bare WhatsApp id without `_`
 * is accepted too.
 */
export function parseMessageRef(value: string): MessageRef {
  if (!value.includes("_")) {
    if (!BARE_ID.test(value)) throw invalid(value);
    return { id: value };
  }
  return parseMessageId(value);
}

/** True when a ref names the chat, as opposed to a bare id. */
export function isFullMessageKey(ref: MessageRef): ref is MessageKey {
  return ref.chatId !== undefined;
}

/** Throws `WA_INVALID_MESSAGE_ID` when a message key belongs to another chat than the route's. */
export function assertKeyInChat(key: MessageKey, chatId: ChatId | "all"): void {
  if (chatId === "all" || key.chatId === chatId) return;
  throw new WaError(
    "WA_INVALID_MESSAGE_ID",
    `Message id '${buildMessageId(key)}' belongs to chat '${key.chatId}', not '${chatId}'.`,
  );
}

// --- internal ---

function normalizeOrThrow(text: string, serialized: string): ChatId {
  try {
    return normalizeChatId(text);
  } catch (cause) {
    throw new WaError("WA_INVALID_MESSAGE_ID", `${FORMAT_HINT}; got '${serialized}'.`, { cause });
  }
}

function invalid(serialized: string): WaError {
  return new WaError("WA_INVALID_MESSAGE_ID", `${FORMAT_HINT}; got '${serialized}'.`);
}
