/**
 * @module The sync into the store when WhatsApp Web is ready (and again after a history sync): every
 * chat, the newest N messages of each (whatsapp-web.js pages older ones in through
 * `loadEarlierMsgs`), contacts and LID pairs, as `history.batch` events of at most 50 chats.
 */
import type { DomainEvent, EngineLogger, LidMapping, SentIds, StoredMessage } from "@wa/core";
import type { Chat, Client, Message } from "whatsapp-web.js";
import { toChat } from "./map/chat.ts";
import { toContact, toLidMapping } from "./map/contact.ts";
import { dataOf, toStoredMessage } from "./map/message.ts";

/** What the sync needs. */
export interface SyncDeps {
  emit(event: DomainEvent): Promise<void>;
  syncMessages: number;
  sentIds: SentIds;
  log: EngineLogger;
}

const CHATS_PER_BATCH = 50;

/** Syncs the client's chats, messages, contacts and LID pairs into the store. */
export async function syncStore(client: Client, deps: SyncDeps): Promise<void> {
  const chats = await client.getChats();
  const contacts = (await client.getContacts()).flatMap((c) => toContact(c as never) ?? []);
  const lidMappings = await lidPairs(
    client,
    contacts.map((c) => c.id),
    deps.log,
  );
  const batches = Math.max(1, Math.ceil(chats.length / CHATS_PER_BATCH));
  for (let index = 0; index < batches; index++) {
    const part = chats.slice(index * CHATS_PER_BATCH, (index + 1) * CHATS_PER_BATCH);
    const messages: StoredMessage[] = [];
    const settled: Chat[] = [];
    for (const chat of part) {
      const read = await readSettled(client, chat, deps);
      settled.push(read.chat);
      for (const message of read.messages) {
        const stored = toStoredMessage(dataOf(message), {
          sentByApi: (id) => deps.sentIds.has(id),
        });
        if (stored) messages.push(stored);
      }
    }
    const first = index === 0;
    await deps.emit({
      type: "history.batch",
      chats: settled.flatMap((chat) => toChat(chat as never) ?? []),
      messages,
      contacts: first ? contacts : [],
      lidMappings: first ? lidMappings : [],
      progress: Math.round(((index + 1) / batches) * 100),
      isLatest: index === batches - 1,
    });
  }
}

// --- internal ---

/** Reads of a chat before its unread count and newest messages are taken as they are. */
const SETTLE_ATTEMPTS = 3;

/**
 * A chat and its newest messages that agree with each other. The batch sets the chat's unread
 * count absolutely and stores the messages as history, while live messages wait in the session's
 * queue behind the sync: a message that reached the page after the chat was read but before its
 * messages were fetched would be stored as history (so its live event counts nothing) under the
 * older count, and the chat would show one unread too few until the next sync. So the chat is read
 * again after the fetch, and the fetch repeated while the two reads differ.
 */
async function readSettled(
  client: Client,
  chat: Chat,
  deps: SyncDeps,
): Promise<{ chat: Chat; messages: Message[] }> {
  let current = chat;
  for (let attempt = 1; ; attempt++) {
    const messages = await current
      .fetchMessages({ limit: deps.syncMessages })
      .catch((error: unknown) => {
        deps.log.warn(
          { err: error, chatId: current.id._serialized },
          "fetching a chat's messages failed",
        );
        return [] as Message[];
      });
    const after = await client.getChatById(current.id._serialized).catch(() => current);
    if (attempt >= SETTLE_ATTEMPTS || sameCounts(current, after)) return { chat: after, messages };
    current = after;
  }
}

/** No message arrived between two reads of a chat: same unread count, same last activity. */
function sameCounts(before: Chat, after: Chat): boolean {
  return before.unreadCount === after.unreadCount && before.timestamp === after.timestamp;
}

async function lidPairs(client: Client, ids: string[], log: EngineLogger): Promise<LidMapping[]> {
  if (ids.length === 0) return [];
  try {
    const pairs = (await client.getContactLidAndPhone(ids)) as Array<{
      lid?: unknown;
      pn?: unknown;
    }>;
    return pairs.flatMap((pair) => toLidMapping(pair as never) ?? []);
  } catch (error) {
    log.warn({ err: error }, "reading LID pairs failed");
    return [];
  }
}
