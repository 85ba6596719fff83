/**
 * @module The sync into the store when WhatsApp Web is ready (and again after a history sync): every
 * chat, the newest N messages of each (whatsapp-web.js pages older ones in through
 * `loadEarlierMsgs`), contacts and LID pairs, as `history.batch` events of at most 50 chats.
 */
import type { DomainEvent, EngineLogger, LidMapping, SentIds, StoredMessage } from "@wa/core";
import type { Client } from "whatsapp-web.js";
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
    for (const chat of part) {
      const fetched = await chat
        .fetchMessages({ limit: deps.syncMessages })
        .catch((error: unknown) => {
          deps.log.warn(
            { err: error, chatId: chat.id._serialized },
            "fetching a chat's messages failed",
          );
          return [];
        });
      for (const message of fetched) {
        const stored = toStoredMessage(dataOf(message), {
          sentByApi: (id) => deps.sentIds.has(id),
        });
        if (stored) messages.push(stored);
      }
    }
    const first = index === 0;
    await deps.emit({
      type: "history.batch",
      chats: part.flatMap((chat) => toChat(chat as never) ?? []),
      messages,
      contacts: first ? contacts : [],
      lidMappings: first ? lidMappings : [],
      progress: Math.round(((index + 1) / batches) * 100),
      isLatest: index === batches - 1,
    });
  }
}

// --- internal ---

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
