/**
 * @module Seeds a fresh SQLite store file with the store benchmark's dataset (10k chats, ~1.1 M
 * messages, 10 chats of 100,000, 5k contacts), reusing `packages/store/bench/seed.ts` so both
 * benchmarks measure the same data.
 */
import { performance } from "node:perf_hooks";
import { createSqliteStore, type Store } from "@wa/store";
// A deep relative import on purpose: the seed is bench code, not part of @wa/store's API.
import {
  bigChatIds,
  messageBatches,
  metadataBatch,
  SEED,
} from "../../../packages/store/bench/seed.ts";

/** The seeded store and facts about it. */
export interface SeededStore {
  store: Store;
  /** The 100,000-message chats. */
  bigChats: string[];
  messages: number;
  chats: number;
  seedMs: number;
}

/** Opens `file` (new) and applies the seed's history batches under `session`. */
export async function seedStore(file: string, session: string): Promise<SeededStore> {
  const started = performance.now();
  const store = createSqliteStore({ file });
  await store.apply(session, metadataBatch());
  for await (const batch of messageBatches()) await store.apply(session, batch);
  const counts = await store.counts(session);
  if (counts.chats < SEED.chats) throw new Error(`seeded only ${counts.chats} chats`);
  return {
    store,
    bigChats: bigChatIds(),
    messages: counts.messages,
    chats: counts.chats,
    seedMs: performance.now() - started,
  };
}
