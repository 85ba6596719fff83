/** @module What a store implementation hands the contract suite, and the per-test store lifecycle. */
import { afterEach, expect } from "vitest";
import type { Store } from "../types.ts";

/** Opens a store: a fresh empty one without `location`, or the durable one at `location`. */
export type CreateStore = (location?: string) => Store | Promise<Store>;

/** Options of `runStoreContract`. */
export interface StoreContractOptions {
  /** A new durable location (e.g. a temp file) for the reopen cases; without it they are skipped. */
  newLocation?: () => string;
}

/** Tracks the stores a test opened and closes them after it. */
export function storeLifecycle(createStore: CreateStore) {
  const open: Store[] = [];
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close().catch(() => undefined);
  });
  return async (location?: string): Promise<Store> => {
    const store = await createStore(location);
    open.push(store);
    return checkingJsonPages(store);
  };
}

// --- internal ---

/**
 * The store with every `listMessages` call checked against `listMessagesJson` and
 * `listMessagesJsonArray`: the texts must be exactly `JSON.stringify` of the listed messages
 * (callers send them in place of that), so every page any case reads checks all three reads.
 */
function checkingJsonPages(store: Store): Store {
  return Object.assign(Object.create(store) as Store, {
    async listMessages(...args: Parameters<Store["listMessages"]>) {
      const messages = await store.listMessages(...args);
      const texts = await store.listMessagesJson(...args);
      expect(texts, "listMessagesJson").toEqual(
        messages.map((item) => JSON.stringify(item.message)),
      );
      const array = await store.listMessagesJsonArray(...args);
      expect(array, "listMessagesJsonArray").toEqual({
        length: messages.length,
        text: JSON.stringify(messages.map((item) => item.message)),
      });
      return messages;
    },
  });
}
