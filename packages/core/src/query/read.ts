/** @module Which messages "read messages" marks as read (WAHA's rules, without its precedence bug). */
import { Ack } from "../domain/ack.ts";
import { type ChatId, isGroupChat } from "../domain/jid.ts";
import { validationError } from "../errors.ts";
import type { MessagesQuery } from "./messages.ts";
import { parseInteger, type RawValue } from "./params.ts";

/** Default look-back in days. */
export const READ_DEFAULT_DAYS = 7;

/** Default number of messages: 30 in direct chats, 100 in groups. */
export const readDefaultMessages = (chatId: ChatId): number => (isGroupChat(chatId) ? 100 : 30);

/** A validated read request. */
export interface ReadRequest {
  messages: number;
  days: number;
}

/** Validates `messages`/`days` (query or body); a given `messages` wins over the default. */
export function parseReadRequest(
  chatId: ChatId,
  raw: { messages?: RawValue; days?: RawValue },
): ReadRequest {
  const messages = parseInteger(raw.messages, "messages");
  const days = parseInteger(raw.days, "days");
  if (messages === 0) throw validationError("messages must not be less than 1");
  return { messages: messages ?? readDefaultMessages(chatId), days: days ?? READ_DEFAULT_DAYS };
}

/** The messages query that selects the unread incoming messages to mark read. */
export function readMessagesQuery(request: ReadRequest, nowSeconds: number): MessagesQuery {
  return {
    limit: request.messages,
    offset: 0,
    sortOrder: "desc",
    downloadMedia: false,
    merge: true,
    filter: { ack: Ack.DEVICE, fromMe: false, timestampGte: nowSeconds - request.days * 86400 },
  };
}
