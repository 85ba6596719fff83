/** @module Contract cases for GET /chats reads: sorting, pagination, LID merge, single chats. */
import {
  applyChatsQuery,
  type ChatSortField,
  type ChatsQuery,
  mergeChats,
  type SortOrder,
} from "@wa/core";
import { expect, it } from "vitest";
import { buildWorld, worldBatch, worldResolver } from "./fixtures.ts";
import { type CreateStore, storeLifecycle } from "./harness.ts";

const SORTS: ChatSortField[] = ["conversationTimestamp", "id", "name"];
const ORDERS: SortOrder[] = ["desc", "asc"];
const PAGES: Array<{ limit?: number; offset: number }> = [
  { offset: 0 },
  { limit: 5, offset: 0 },
  { limit: 5, offset: 5 },
  { limit: 7, offset: 21 },
  { limit: 10, offset: 500 },
  { offset: 4 },
];

/** Every (sort, order, page) query, with and without merge. */
function chatQueries(): ChatsQuery[] {
  return SORTS.flatMap((sortBy) =>
    ORDERS.flatMap((sortOrder) =>
      PAGES.flatMap((page) =>
        [true, false].map((merge) => ({ ...page, sortBy, sortOrder, merge })),
      ),
    ),
  );
}

export function chatsCases(createStore: CreateStore): void {
  const open = storeLifecycle(createStore);
  const world = buildWorld(3);
  const resolve = worldResolver(world);

  it.each(chatQueries().map((query) => [JSON.stringify(query), query] as const))(
    "listChats %s matches the reference",
    async (_label, query) => {
      const store = await open();
      await store.apply("s1", worldBatch(world));
      const active = world.chats.filter((chat) => chat.conversationTimestamp !== null);
      const expected = query.merge
        ? applyChatsQuery(mergeChats(active, resolve), query)
        : applyChatsQuery(world.chats, query);
      expect(await store.listChats("s1", query)).toEqual(expected);
    },
  );

  it("merge=true shows a LID chat under its phone-number id; merge=false keeps both", async () => {
    const store = await open();
    await store.apply("s1", worldBatch(world));
    const base = { sortBy: "conversationTimestamp", sortOrder: "desc", offset: 0 } as const;
    const merged = await store.listChats("s1", { ...base, merge: true });
    const apart = await store.listChats("s1", { ...base, merge: false });
    const mappedLids = world.lidMappings.map((pair) => pair.lid);
    expect(merged.some((chat) => mappedLids.includes(chat.id))).toBe(false);
    expect(apart.filter((chat) => mappedLids.includes(chat.id))).toHaveLength(mappedLids.length);
    expect(merged.map((chat) => chat.id)).toContain("99990001@lid");
  });

  it("getChat returns the stored chat, or null", async () => {
    const store = await open();
    await store.apply("s1", worldBatch(world));
    for (const chat of world.chats) expect(await store.getChat("s1", chat.id)).toEqual(chat);
    expect(await store.getChat("s1", "1@c.us")).toBeNull();
  });

  it("resolveLid answers from the LID map", async () => {
    const store = await open();
    await store.apply("s1", worldBatch(world));
    for (const pair of world.lidMappings)
      expect(await store.resolveLid("s1", pair.lid)).toBe(pair.pn);
    expect(await store.resolveLid("s1", "99990001@lid")).toBeUndefined();
  });
}
