/** @module Contract cases for durability: reopening the same database, and replayed history batches. */
import type { ChatsQuery, MessagesQuery, OverviewQuery } from "@wa/core";
import { expect, it } from "vitest";
import type { Store } from "../types.ts";
import { buildWorld, worldBatch } from "./fixtures.ts";
import { type CreateStore, type StoreContractOptions, storeLifecycle } from "./harness.ts";

const CHATS: ChatsQuery = {
  sortBy: "conversationTimestamp",
  sortOrder: "desc",
  merge: true,
  offset: 0,
};
const OVERVIEW: OverviewQuery = { limit: 20, offset: 0, merge: true };
const MESSAGES: MessagesQuery = {
  limit: 0,
  offset: 0,
  sortOrder: "desc",
  merge: true,
  filter: {},
  downloadMedia: false,
};

/** Everything a client can read about a session. */
async function readAll(store: Store, session: string) {
  return {
    counts: await store.counts(session),
    chats: await store.listChats(session, CHATS),
    unmerged: await store.listChats(session, { ...CHATS, merge: false, sortBy: "name" }),
    overview: await store.overview(session, OVERVIEW),
    messages: await store.listMessages(session, "all", MESSAGES),
    session: await store.sessions.get(session),
    auth: await store.authState(session).getMany(["creds", "k"]),
  };
}

export function persistenceCases(createStore: CreateStore, options: StoreContractOptions): void {
  const open = storeLifecycle(createStore);
  const world = buildWorld(13);

  it("replaying a history batch leaves every count and read unchanged", async () => {
    const store = await open();
    await store.apply("s1", worldBatch(world));
    const before = await readAll(store, "s1");
    await store.apply("s1", worldBatch(world));
    await store.apply("s1", [worldBatch(world), worldBatch(world)]);
    expect(await readAll(store, "s1")).toEqual(before);
  });

  it("a closed store rejects reads and writes with WA_STORE_FAILURE", async () => {
    const store = await open();
    await store.close();
    await expect(store.counts("s1")).rejects.toMatchObject({ code: "WA_STORE_FAILURE" });
    await expect(store.apply("s1", { type: "chat.clear", chatId: "1@c.us" })).rejects.toMatchObject(
      {
        code: "WA_STORE_FAILURE",
      },
    );
  });

  it.skipIf(!options.newLocation)(
    "reopening the same database returns identical results (skipped: no durable location given)",
    async () => {
      const location = options.newLocation?.() as string;
      const first = await open(location);
      await first.sessions.put({
        name: "s1",
        engine: "noweb",
        config: {},
        status: "WORKING",
        running: true,
        me: { id: "1@c.us" },
        createdAt: 1,
        updatedAt: 2,
      });
      await first.apply("s1", worldBatch(world));
      await first.authState("s1").setMany([["creds", '{"x":1}']]);
      const before = await readAll(first, "s1");
      await first.close();
      const second = await open(location);
      expect(await readAll(second, "s1")).toEqual(before);
    },
  );
}
