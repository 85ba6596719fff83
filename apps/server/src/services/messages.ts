/** @module Message helpers of the routes: resolving ids to keys, the read selection, the API shape. */
import {
  type ChatId,
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
import { serializeStoreJsonArray } from "../http-cache/json.ts";

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

/** The unread incoming messages "read messages" marks, newest first. */
export async function selectUnread(
  store: Store,
  session: string,
  chatId: ChatId,
  request: ReadRequest,
): Promise<StoredMessage[]> {
  return store.listMessages(session, chatId, readMessagesQuery(request, nowSeconds()));
}

/** The API shape of a stored message; `withoutMedia` for the overview's last message. */
export function toApiMessage(stored: StoredMessage, withoutMedia = false): WAMessage {
  return withoutMedia ? { ...stored.message, media: null } : stored.message;
}

/**
 * The JSON body of a messages page: `serializeStoreJson` of the page mapped through `toApiMessage`,
 * byte for byte. Without `withoutMedia` the API message is the stored one, so the store's JSON
 * texts are that message's JSON already and need no parse and re-serialize.
 */
export async function messagesPageJson(
  store: Store,
  session: string,
  chatId: ChatId | "all",
  query: MessagesQuery,
): Promise<string> {
  return serializeStoreJsonArray(await store.listMessagesJson(session, chatId, query));
}

// --- internal ---

const nowSeconds = () => Math.floor(Date.now() / 1000);
