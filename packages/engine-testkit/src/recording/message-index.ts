/** @module A `MessageLookup` built from recorded domain events, as a store would answer it. */
import type { AckLevel, ChatId, DomainEvent, MessageLookup, StoredMessage } from "@wa/core";
import { ackName } from "@wa/core";

/** The messages recorded so far, kept up to date by {@link MessageIndex.apply}. */
export interface MessageIndex extends MessageLookup {
  /** Applies one event (upserts, acks, edits, revokes, deletes, chat clears). */
  apply(event: DomainEvent): void;
  /** Every live message, in no particular order. */
  all(): StoredMessage[];
}

/** Creates an empty message index. */
export function createMessageIndex(): MessageIndex {
  const byId = new Map<string, StoredMessage>();
  const put = (message: StoredMessage) =>
    byId.set(indexKey(message.key.chatId, message.key.id), message);
  const removeChat = (chatId: ChatId) => {
    for (const [key, message] of byId) if (message.key.chatId === chatId) byId.delete(key);
  };
  const update = (
    chatId: ChatId,
    id: string,
    change: (message: StoredMessage) => StoredMessage,
  ) => {
    const message = byId.get(indexKey(chatId, id));
    if (message) put(change(message));
  };

  return {
    apply(event) {
      if (event.type === "history.batch" || event.type === "message.upsert")
        for (const message of event.messages) put(message);
      else if (event.type === "message.ack")
        update(event.key.chatId, event.key.id, (message) => withAck(message, event.ack));
      else if (event.type === "message.edit")
        update(event.key.chatId, event.key.id, (message) => ({
          ...message,
          message: { ...message.message, body: event.body },
        }));
      else if (event.type === "message.revoke")
        byId.delete(indexKey(event.key.chatId, event.key.id));
      else if (event.type === "message.delete")
        for (const key of event.keys) byId.delete(indexKey(key.chatId, key.id));
      else if (event.type === "chat.delete" || event.type === "chat.clear")
        removeChat(event.chatId);
    },
    all: () => [...byId.values()],
    async getMessage(key) {
      const message = byId.get(indexKey(key.chatId, key.id));
      return message && message.key.fromMe === key.fromMe ? message : null;
    },
    async getNewestMessage(chatId) {
      let newest: StoredMessage | null = null;
      for (const message of byId.values()) {
        if (message.key.chatId !== chatId) continue;
        if (!newest || message.timestamp > newest.timestamp) newest = message;
      }
      return newest;
    },
  };
}

// --- internal ---

const indexKey = (chatId: ChatId, id: string) => `${chatId} ${id}`;

/** Acks only rise, as in the store. */
function withAck(message: StoredMessage, ack: AckLevel): StoredMessage {
  if (ack <= message.ack) return message;
  return { ...message, ack, message: { ...message.message, ack, ackName: ackName(ack) } };
}
