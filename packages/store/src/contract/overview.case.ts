/** @module Contract cases for the overview: candidates, ids filter, merge, order, last message, contact. */
import {
  type ChatId,
  compareMessages,
  isDisplayableKind,
  type OverviewQuery,
  primaryChatId,
  type StoredMessage,
  selectOverview,
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

/** The reference newest displayable message of a merged (or single) chat. */
function referenceLastMessage(world: World, id: ChatId, merge: boolean): StoredMessage | null {
  const resolve = worldResolver(world);
  const members = (chatId: ChatId) =>
    merge ? primaryChatId(chatId, resolve) === id : chatId === id;
  const candidates = world.messages
    .filter((item) => members(item.key.chatId) && isDisplayableKind(item.kind))
    .sort((a, b) => compareMessages(a, b, "desc"));
  return candidates[0] ?? null;
}

const QUERIES: OverviewQuery[] = [
  { limit: 20, offset: 0, merge: true },
  { limit: 20, offset: 0, merge: false },
  { limit: 4, offset: 0, merge: true },
  { limit: 4, offset: 4, merge: true },
  { limit: 3, offset: 9, merge: false },
  { limit: 0, offset: 0, merge: true },
  { limit: 5, offset: 100, merge: true },
  { limit: 20, offset: 0, merge: true, ids: ["49150000@c.us", "77000003@lid", "49150001@c.us"] },
  { limit: 20, offset: 0, merge: false, ids: ["49150000@c.us", "77000003@lid", "49150006@c.us"] },
  { limit: 20, offset: 0, merge: true, ids: ["status@broadcast", "99990001@lid", "1@c.us"] },
];

export function overviewCases(createStore: CreateStore): void {
  const open = storeLifecycle(createStore);
  const world = buildWorld(5);
  const resolve = worldResolver(world);

  it.each(QUERIES.map((query) => [JSON.stringify(query), query] as const))(
    "overview %s matches the reference chats, last messages and contacts",
    async (_label, query) => {
      const store = await open();
      await store.apply("s1", worldBatch(world));
      const rows = await store.overview("s1", query);
      const expected = selectOverview(world.chats, query, resolve);
      expect(rows.map((row) => row.chat)).toEqual(expected);
      for (const row of rows) {
        expect(row.lastMessage).toEqual(referenceLastMessage(world, row.chat.id, query.merge));
        const contact = world.contacts.find((item) => item.id === row.chat.id) ?? null;
        if (contact) expect(row.contact).toEqual(contact);
      }
    },
  );

  it("never lists broadcasts, channels or inactive chats", async () => {
    const store = await open();
    await store.apply("s1", worldBatch(world));
    const rows = await store.overview("s1", { limit: 0, offset: 0, merge: false });
    const ids = rows.map((row) => row.chat.id);
    expect(ids).not.toContain("status@broadcast");
    expect(ids).not.toContain("120363000000000002@newsletter");
    expect(rows.every((row) => row.chat.conversationTimestamp !== null)).toBe(true);
  });

  it("the last message is the newest displayable one, even when a reaction is newer", async () => {
    const store = await open();
    await store.apply(
      "s1",
      history({
        chats: [chat("1@c.us", 50)],
        messages: [message("1@c.us", "A", 10), message("1@c.us", "B", 20, { kind: "reaction" })],
      }),
    );
    const [row] = await store.overview("s1", { limit: 20, offset: 0, merge: true });
    expect(row?.lastMessage?.key.id).toBe("A");
  });

  it("a merged row's last message may come from the LID chat", async () => {
    const store = await open();
    await store.apply(
      "s1",
      history({
        chats: [chat("1@c.us", 10), chat("2@lid", 30)],
        messages: [message("1@c.us", "PN", 10), message("2@lid", "LID", 30)],
        lidMappings: [{ lid: "2@lid", pn: "1@c.us" }],
      }),
    );
    const merged = await store.overview("s1", { limit: 20, offset: 0, merge: true });
    expect(merged.map((row) => [row.chat.id, row.lastMessage?.key.id])).toEqual([
      ["1@c.us", "LID"],
    ]);
    const apart = await store.overview("s1", { limit: 20, offset: 0, merge: false });
    expect(apart.map((row) => [row.chat.id, row.lastMessage?.key.id])).toEqual([
      ["2@lid", "LID"],
      ["1@c.us", "PN"],
    ]);
  });
}
