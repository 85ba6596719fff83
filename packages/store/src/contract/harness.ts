/** @module What a store implementation hands the contract suite, and the per-test store lifecycle. */
import { afterEach } from "vitest";
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
    return store;
  };
}
