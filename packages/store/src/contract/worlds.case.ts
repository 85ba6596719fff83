/** @module Contract cases over many generated worlds: paged merged reads against the reference. */
import {
  applyChatsQuery,
  applyMessagesQuery,
  type ChatsQuery,
  type MessagesQuery,
  mergeChats,
  type OverviewQuery,
  selectOverview,
} from "@wa/core";
import { expect, it } from "vitest";
import { buildWorld, worldBatch, worldResolver } from "./fixtures.ts";
import { type CreateStore, storeLifecycle } from "./harness.ts";
import { scopeMessages } from "./messages.case.ts";

const SEEDS = Array.from({ length: 12 }, (_, index) => 100 + index);

export function worldsCases(createStore: CreateStore): void {
  const open = storeLifecycle(createStore);

  it.each(SEEDS)(
    "world %i: paged merged chats, overview and messages match the reference",
    async (seed) => {
      const world = buildWorld(seed);
      const resolve = worldResolver(world);
      const store = await open();
      await store.apply("s1", worldBatch(world));
      const active = world.chats.filter((chat) => chat.conversationTimestamp !== null);
      for (const offset of [0, 3, 6, 9, 12]) {
        for (const merge of [true, false]) {
          const chatsQuery: ChatsQuery = {
            limit: 3,
            offset,
            sortBy: "conversationTimestamp",
            sortOrder: "desc",
            merge,
          };
          const expectedChats = merge
            ? applyChatsQuery(mergeChats(active, resolve), chatsQuery)
            : applyChatsQuery(world.chats, chatsQuery);
          expect(await store.listChats("s1", chatsQuery)).toEqual(expectedChats);
          const overviewQuery: OverviewQuery = { limit: 3, offset, merge };
          const rows = await store.overview("s1", overviewQuery);
          expect(rows.map((row) => row.chat)).toEqual(
            selectOverview(world.chats, overviewQuery, resolve),
          );
          for (const chatId of ["49150000@c.us", "77000003@lid", "all"]) {
            const messagesQuery: MessagesQuery = {
              limit: 4,
              offset,
              sortOrder: "desc",
              merge,
              downloadMedia: false,
              filter: { fromMe: false },
            };
            expect(await store.listMessages("s1", chatId, messagesQuery)).toEqual(
              applyMessagesQuery(scopeMessages(world, chatId, merge), messagesQuery),
            );
          }
        }
      }
    },
  );
}
