/**
 * @module Older messages on demand (capability `messages.history`): a read of a chat's messages
 * that runs out of stored ones before its page is full asks the engine for the messages before the
 * oldest stored one; the engine stores them, and the page is read again. A chat whose engine had
 * nothing older is remembered (per running engine) so later reads cost no page call.
 */
import {
  buildMessageId,
  type ChatId,
  type EngineRuntime,
  type MessagesQuery,
  type StoredMessage,
} from "@wa/core";
import type { JsonArrayText, Store } from "@wa/store";

/** Messages asked for at least per engine call (one `loadEarlierMsgs` round on WEBJS). */
const BATCH = 50;
/** Engine calls per read at most (a deep offset pages in up to this many batches). */
const MAX_ROUNDS = 10;

/** Per running engine: chat → the oldest stored message id the engine had nothing before. */
const exhausted = new WeakMap<EngineRuntime, Map<ChatId, string>>();

/** One way to read a page from the store; its `length` is the page's message count. */
export type PageRead<Page extends { length: number }> = (
  store: Store,
  session: string,
  chatId: ChatId | "all",
  query: MessagesQuery,
) => Promise<Page>;

/** The page as its messages' JSON texts (`listMessagesJson`). */
export const readPageTexts: PageRead<string[]> = (store, ...page) =>
  store.listMessagesJson(...page);

/** The page as one JSON array text (`listMessagesJsonArray`). */
export const readPageArray: PageRead<JsonArrayText> = (store, ...page) =>
  store.listMessagesJsonArray(...page);

/**
 * The page `query` selects, read with `read`, with older messages loaded first when the stored
 * ones do not fill it: a full page (the usual case) costs one store read and no engine call.
 */
export async function pageWithOlderMessages<Page extends { length: number }>(
  store: Store,
  session: string,
  runtime: EngineRuntime,
  chatId: ChatId | "all",
  query: MessagesQuery,
  onError: (error: unknown) => void,
  read: PageRead<Page>,
): Promise<Page> {
  const page = await read(store, session, chatId, query);
  if (page.length >= query.limit || chatId === "all" || !runtime.supports("messages.history")) {
    return page;
  }
  await fillOlderMessages(store, session, runtime, chatId, query, onError);
  return read(store, session, chatId, query);
}

/** Fills the store with older messages until the page `query` selects is full (or none are left). */
export async function fillOlderMessages(
  store: Store,
  session: string,
  runtime: EngineRuntime,
  chatId: ChatId | "all",
  query: MessagesQuery,
  onError: (error: unknown) => void,
): Promise<void> {
  if (chatId === "all" || !runtime.supports("messages.history")) return;
  const done = exhausted.get(runtime) ?? new Map<ChatId, string>();
  exhausted.set(runtime, done);
  const wanted = query.offset + query.limit;
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      // Only the page's length matters here: its texts, not parsed messages.
      const page = await store.listMessagesJson(session, chatId, query);
      if (page.length >= query.limit) return;
      const oldest = await oldestStored(store, session, chatId, query.merge);
      const gte = query.filter.timestampGte;
      // The store already reaches back past the window the filter asks for.
      if (oldest && gte !== undefined && oldest.timestamp < gte) return;
      const marker = oldest ? buildMessageId(oldest.key) : "";
      if (done.get(chatId) === marker) return;
      const count = Math.max(BATCH, wanted - page.length);
      const loaded = await runtime.call("messages.history", async (engine) =>
        engine.loadOlderMessages
          ? engine.loadOlderMessages(chatId, oldest?.key ?? null, count)
          : [],
      );
      if (loaded.length === 0) {
        done.set(chatId, marker);
        return;
      }
    }
  } catch (error) {
    // A read still answers from the store when WhatsApp cannot page in more.
    onError(error);
  }
}

// --- internal ---

async function oldestStored(
  store: Store,
  session: string,
  chatId: ChatId,
  merge: boolean,
): Promise<StoredMessage | undefined> {
  const [oldest] = await store.listMessages(session, chatId, {
    limit: 1,
    offset: 0,
    sortOrder: "asc",
    downloadMedia: false,
    filter: {},
    merge,
  });
  return oldest;
}
