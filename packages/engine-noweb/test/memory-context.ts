/** @module Test doubles for the runtime side: an in-memory AuthStateStore and an EngineContext that records events. */
import {
  type AuthStateStore,
  buildMessageId,
  type DomainEvent,
  type EngineContext,
  type MessageKey,
  type StoredMessage,
  silentLogger,
} from "@wa/core";
import { createMemoryAuthStateStore } from "@wa/engine-testkit";

/** The testkit's in-memory AuthStateStore, also counting the entries of each `setMany` call. */
export function createMemoryAuthStore(): AuthStateStore & {
  setManyCalls: number[];
  size(): number;
} {
  const inner = createMemoryAuthStateStore();
  const setManyCalls: number[] = [];
  return {
    ...inner,
    setManyCalls,
    size: () => inner.snapshot().size,
    async setMany(entries) {
      setManyCalls.push(entries.length);
      await inner.setMany(entries);
    },
  };
}

/** A context whose `emit` records events and keeps upserted messages for lookups. */
export function createRecordingContext(authState: AuthStateStore = createMemoryAuthStore()) {
  const events: DomainEvent[] = [];
  const stored = new Map<string, StoredMessage>();
  const ctx: EngineContext & { events: DomainEvent[]; stored: Map<string, StoredMessage> } = {
    session: "test",
    events,
    stored,
    authState,
    logger: silentLogger,
    async emit(event) {
      events.push(event);
      const upserted =
        event.type === "message.upsert" || event.type === "history.batch" ? event.messages : [];
      for (const message of upserted) stored.set(buildMessageId(message.key), message);
    },
    messages: {
      getMessage: async (key: MessageKey) => stored.get(buildMessageId(key)) ?? null,
      getNewestMessage: async (chatId) =>
        [...stored.values()]
          .filter((m) => m.key.chatId === chatId)
          .sort((a, b) => b.timestamp - a.timestamp)[0] ?? null,
    },
  };
  return ctx;
}

/** The statuses a context saw, in order. */
export const statusesOf = (events: DomainEvent[]) =>
  events.flatMap((e) => (e.type === "session.status" ? [e.status] : []));
