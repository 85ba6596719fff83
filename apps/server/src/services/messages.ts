/** @module Message helpers of the routes: resolving ids to keys, the read selection, the API shape. */
import {
  type ChatId,
  type EngineRuntime,
  isFullMessageKey,
  type MessageKey,
  type MessageRef,
  type MessagesQuery,
  type ReadRequest,
  readMessagesQuery,
  type StoredMessage,
  type WAMessage,
  WaError,
} from "@wa/core";
import type { Store } from "@wa/store";
import type { FastifyRequest } from "fastify";
import { clientOrigin } from "../cluster/client-origin.ts";
import { serializeStoredText, serializeStoreJsonArray } from "../http-cache/json.ts";
import type { ServerContext } from "./context.ts";
import { pageWithOlderMessages, readPageArray, readPageTexts } from "./older-messages.ts";

/**
 * The key of a message named in a route: a full id is used as is; a bare id (which WAHA accepts
 * on get-by-id) is looked up in the store. Unknown bare ids are a 404.
 */
export async function resolveMessageKey(
  store: Store,
  session: string,
  chatId: ChatId,
  ref: MessageRef,
): Promise<MessageKey> {
  if (isFullMessageKey(ref)) return ref;
  const stored = await store.getMessage(session, chatId, ref);
  if (!stored) throw new WaError("WA_MESSAGE_NOT_FOUND");
  return stored.key;
}

/** A stored message by id in a chat (or `all`), or WAHA's 404. */
export async function requireMessage(
  store: Store,
  session: string,
  chatId: ChatId | "all",
  ref: MessageRef,
): Promise<StoredMessage> {
  const stored = await store.getMessage(session, chatId, ref);
  if (!stored) throw new WaError("WA_MESSAGE_NOT_FOUND");
  return stored;
}

/**
 * The unread incoming messages "read messages" marks, newest first. A chat marked unread (-1)
 * whose messages are all read gets its newest incoming message read again: that read clears the
 * mark in the store, as opening the chat does in WhatsApp.
 */
export async function selectUnread(
  store: Store,
  session: string,
  chatId: ChatId,
  request: ReadRequest,
): Promise<StoredMessage[]> {
  const unread = await store.listMessages(
    session,
    chatId,
    readMessagesQuery(request, nowSeconds()),
  );
  if (unread.length > 0 || ((await store.getChat(session, chatId))?.unreadCount ?? 0) >= 0) {
    return unread;
  }
  return store.listMessages(session, chatId, NEWEST_INCOMING);
}

const NEWEST_INCOMING: MessagesQuery = {
  limit: 1,
  offset: 0,
  sortOrder: "desc",
  downloadMedia: false,
  merge: true,
  filter: { fromMe: false },
};

/** The API shape of a stored message; `withoutMedia` for the overview's last message. */
export function toApiMessage(stored: StoredMessage, withoutMedia = false): WAMessage {
  return withoutMedia ? { ...stored.message, media: null } : stored.message;
}

/**
 * The JSON body of a messages page: `serializeStoreJson` of the page mapped through `toApiMessage`,
 * byte for byte. Without `withoutMedia` the API message is the stored one, so the store's JSON
 * texts are that message's JSON already and need no parse and re-serialize; with `downloadMedia`
 * only the media messages among them are parsed, to fill in `media`.
 */
export async function messagesPageJson(
  store: Store,
  session: string,
  chatId: ChatId | "all",
  query: MessagesQuery,
  fillMedia?: (texts: string[]) => Promise<string[]>,
): Promise<string> {
  if (fillMedia) {
    return messagesBodyJson(await store.listMessagesJson(session, chatId, query), fillMedia);
  }
  return serializeStoredText((await store.listMessagesJsonArray(session, chatId, query)).text);
}

/**
 * `messagesPageJson` with older messages loaded first when the stored ones do not fill the page
 * (`pageWithOlderMessages`). Without media to fill in, the page is read as one JSON array text.
 */
export async function messagesPageWithOlderJson(
  store: Store,
  session: string,
  runtime: EngineRuntime,
  chatId: ChatId | "all",
  query: MessagesQuery,
  fillMedia: ((texts: string[]) => Promise<string[]>) | undefined,
  onError: (error: unknown) => void,
): Promise<string> {
  const page = [store, session, runtime, chatId, query, onError] as const;
  if (fillMedia) {
    return messagesBodyJson(await pageWithOlderMessages(...page, readPageTexts), fillMedia);
  }
  return serializeStoredText((await pageWithOlderMessages(...page, readPageArray)).text);
}

/** `messagesPageJson` of a page already read as the store's JSON texts (`listMessagesJson`). */
export async function messagesBodyJson(
  texts: string[],
  fillMedia?: (texts: string[]) => Promise<string[]>,
): Promise<string> {
  return serializeStoreJsonArray(fillMedia ? await fillMedia(texts) : texts);
}

/** The page step that fills in `media` when the query asks for downloads (else none). */
export function mediaFiller(
  ctx: ServerContext,
  session: string,
  runtime: EngineRuntime,
  request: FastifyRequest,
  downloadMedia: boolean,
): ((texts: string[]) => Promise<string[]>) | undefined {
  if (!downloadMedia) return undefined;
  return (texts) => ctx.media.withMedia(session, runtime, texts, clientOrigin(request));
}

/** A stored message in the API shape, with `media` filled in when `downloadMedia` asks for it. */
export async function apiMessageWithMedia(
  ctx: ServerContext,
  session: string,
  runtime: EngineRuntime,
  stored: StoredMessage,
  downloadMedia: boolean,
  request: FastifyRequest,
): Promise<WAMessage> {
  const message = toApiMessage(stored);
  if (!downloadMedia || !message.hasMedia) return message;
  const media = await ctx.media.mediaOf(session, runtime, message, clientOrigin(request));
  return media ? { ...message, media } : message;
}

// --- internal ---

const nowSeconds = () => Math.floor(Date.now() / 1000);
