/** @module Contract cases for message reads: filters, order, pagination after filtering, merge, lookups. */
import {
  applyMessagesQuery,
  type ChatId,
  compareMessages,
  type MessagesFilter,
  type MessagesQuery,
  primaryChatId,
  type SortOrder,
  type StoredMessage,
} from "@wa/core";
import { expect, it } from "vitest";
import {
  buildWorld,
  chat,
  history,
  message,
  type World,
  worldBatch,
  worldResolver,
} from "./fixtures.ts";
import { type CreateStore, storeLifecycle } from "./harness.ts";

const CHATS: Array<ChatId | "all"> = [
  "49150000@c.us", // has a LID twin
  "49150001@c.us", // no twin
  "77000003@lid", // mapped LID
  "99990001@lid", // unmapped LID
  "120363000000000001@g.us",
  "all",
];
const FILTERS: MessagesFilter[] = [
  {},
  { fromMe: true },
  { fromMe: false, ack: 3 },
  { ack: 2 },
  { timestampGte: 1000, timestampLte: 1100 },
  { fromMe: false, timestampLte: 1000 },
];
const PAGES = [
  { limit: 10, offset: 0 },
  { limit: 3, offset: 2 },
  { limit: 0, offset: 0 },
  { limit: 5, offset: 50 },
];

function messageQueries(): Array<[ChatId | "all", MessagesQuery]> {
  return CHATS.flatMap((chatId) =>
    FILTERS.flatMap((filter) =>
      PAGES.flatMap((page) =>
        (["desc", "asc"] as SortOrder[]).flatMap((sortOrder) =>
          [true, false].map((merge): [ChatId | "all", MessagesQuery] => [
            chatId,
            { ...page, sortOrder, merge, filter, downloadMedia: false },
          ]),
        ),
      ),
    ),
  );
}

/** The reference scope of a messages query. */
export function scopeMessages(
  world: World,
  chatId: ChatId | "all",
  merge: boolean,
): StoredMessage[] {
  if (chatId === "all") return world.messages;
  const resolve = worldResolver(world);
  const primary = primaryChatId(chatId, resolve);
  return world.messages.filter((item) =>
    merge ? primaryChatId(item.key.chatId, resolve) === primary : item.key.chatId === chatId,
  );
}

export function messagesCases(createStore: CreateStore): void {
  const open = storeLifecycle(createStore);
  const world = buildWorld(7);

  it("matches the reference for every chat, filter, order, page and merge mode", async () => {
    const store = await open();
    await store.apply("s1", worldBatch(world));
    for (const [chatId, query] of messageQueries()) {
      const expected = applyMessagesQuery(scopeMessages(world, chatId, query.merge), query);
      const actual = await store.listMessages("s1", chatId, query);
      expect(actual, `${chatId} ${JSON.stringify(query)}`).toEqual(expected);
    }
  });

  it("pages are full although non-displayable messages sit between them", async () => {
    const store = await open();
    const messages = Array.from({ length: 60 }, (_, i) =>
      message("1@c.us", `P${i}`, 100 + i, { kind: i % 3 === 0 ? "reaction" : "text" }),
    );
    await store.apply("s1", history({ chats: [chat("1@c.us", 200)], messages }));
    const base = { sortOrder: "desc", merge: true, filter: {}, downloadMedia: false } as const;
    const sizes: number[] = [];
    for (let offset = 0; offset < 50; offset += 10) {
      sizes.push((await store.listMessages("s1", "1@c.us", { ...base, limit: 10, offset })).length);
    }
    expect(sizes).toEqual([10, 10, 10, 10, 0]);
  });

  it("deep sequential pages stay exact, also after writes to the chat", async () => {
    const store = await open();
    const messages = Array.from({ length: 400 }, (_, i) =>
      message("1@c.us", `D${String(i).padStart(4, "0")}`, 1000 + Math.floor(i / 3), {
        fromMe: i % 5 === 0,
        kind: i % 11 === 0 ? "protocol" : "text",
      }),
    );
    await store.apply("s1", history({ chats: [chat("1@c.us", 2000)], messages }));
    const current = new Map(messages.map((item) => [item.key.id, item]));
    const query = (offset: number, sortOrder: SortOrder): MessagesQuery => ({
      limit: 25,
      offset,
      sortOrder,
      merge: true,
      downloadMedia: false,
      filter: { fromMe: false, ack: 3, timestampGte: 1010 },
    });
    const check = async () => {
      for (const sortOrder of ["desc", "asc"] as const) {
        for (const offset of [0, 25, 50, 150, 175, 300, 175, 40]) {
          const expected = applyMessagesQuery([...current.values()], query(offset, sortOrder));
          expect(await store.listMessages("s1", "1@c.us", query(offset, sortOrder))).toEqual(
            expected,
          );
        }
      }
    };
    await check();
    // An ack change moves messages out of the filter; a delete and an insert shift offsets.
    await store.apply("s1", {
      type: "message.ack",
      key: { fromMe: false, chatId: "1@c.us", id: "D0301" },
      ack: 4,
    });
    const acked = current.get("D0301") as StoredMessage;
    current.set("D0301", {
      ...acked,
      ack: 4,
      message: { ...acked.message, ack: 4, ackName: "PLAYED" },
    });
    await store.apply("s1", {
      type: "message.delete",
      keys: [{ fromMe: false, chatId: "1@c.us", id: "D0101" }],
    });
    current.delete("D0101");
    const added = message("1@c.us", "D9999", 1050);
    await store.apply("s1", { type: "message.upsert", messages: [added], notify: false });
    current.set("D9999", added);
    await check();
  });

  it("getMessage finds by full key, by bare id in a chat (merged) and by bare id in all", async () => {
    const store = await open();
    await store.apply("s1", worldBatch(world));
    const target = world.messages.find(
      (item) => item.key.chatId === "77000003@lid",
    ) as StoredMessage;
    expect(await store.getMessage("s1", target.key.chatId, target.key)).toEqual(target);
    expect(await store.getMessage("s1", "all", target.key)).toEqual(target);
    expect(await store.getMessage("s1", "all", { id: target.key.id })).toEqual(target);
    expect(await store.getMessage("s1", "49150003@c.us", { id: target.key.id })).toEqual(target);
    expect(await store.getMessage("s1", "49150001@c.us", { id: target.key.id })).toBeNull();
    expect(await store.getMessage("s1", "all", { id: "NOPE" })).toBeNull();
  });

  it("getNewestMessage returns the newest message, displayable or not", async () => {
    const store = await open();
    await store.apply("s1", worldBatch(world));
    for (const item of world.chats) {
      const expected =
        world.messages
          .filter((candidate) => candidate.key.chatId === item.id)
          .sort((a, b) => compareMessages(a, b, "desc"))[0] ?? null;
      expect(await store.getNewestMessage("s1", item.id)).toEqual(expected);
    }
    expect(await store.getNewestMessage("s1", "1@c.us")).toBeNull();
  });
}
