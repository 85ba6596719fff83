import { describe, expect, it } from "vitest";
import type { Chat } from "../domain/chat.ts";
import { type LidResolver, mergeChats, primaryChatId } from "./merge.ts";

const chat = (id: string, patch: Partial<Chat> = {}): Chat => ({
  id,
  name: null,
  conversationTimestamp: 100,
  unreadCount: 0,
  archived: false,
  pinned: false,
  raw: { id },
  ...patch,
});

const LIDS: Record<string, string> = { "777@lid": "111@c.us", "888@lid": "222@c.us" };
const resolveLid: LidResolver = (lid) => LIDS[lid];

describe("primaryChatId", () => {
  it.each([
    ["777@lid", "111@c.us"],
    ["999@lid", "999@lid"],
    ["111@c.us", "111@c.us"],
    ["1-2@g.us", "1-2@g.us"],
  ])("%s is listed as %s", (chatId, primary) => {
    expect(primaryChatId(chatId, resolveLid)).toBe(primary);
  });
});

describe("mergeChats", () => {
  const pn = chat("111@c.us", {
    name: "Ann",
    conversationTimestamp: 100,
    unreadCount: 2,
    pinned: true,
  });
  const lid = chat("777@lid", { conversationTimestamp: 300, unreadCount: 3, archived: true });

  it.each([
    ["PN first", [pn, lid]],
    ["LID first", [lid, pn]],
  ])(
    "folds a LID chat into its PN chat (%s): newest activity, summed unread, PN row kept",
    (_case, input) => {
      expect(mergeChats(input, resolveLid)).toEqual([
        { ...pn, id: "111@c.us", conversationTimestamp: 300, unreadCount: 5 },
      ]);
    },
  );

  it("takes the LID chat's name when the PN chat has none", () => {
    const merged = mergeChats(
      [chat("111@c.us"), chat("777@lid", { name: "From LID" })],
      resolveLid,
    );
    expect(merged[0]?.name).toBe("From LID");
  });

  it("lists a lone LID chat under its PN id", () => {
    expect(mergeChats([lid], resolveLid).map((item) => item.id)).toEqual(["111@c.us"]);
  });

  it("keeps an unmapped LID chat and unrelated chats apart", () => {
    const input = [chat("999@lid"), chat("222@c.us"), chat("1-2@g.us"), pn];
    expect(mergeChats(input, resolveLid).map((item) => item.id)).toEqual([
      "999@lid",
      "222@c.us",
      "1-2@g.us",
      "111@c.us",
    ]);
  });

  it.each([
    [-1, 0, -1],
    [0, -1, -1],
    [-1, -1, -1],
    [-1, 4, 4],
    [2, 3, 5],
    [0, 0, 0],
  ])("unread %i + %i → %i (-1 = marked unread without a count)", (a, b, expected) => {
    const merged = mergeChats(
      [chat("111@c.us", { unreadCount: a }), chat("777@lid", { unreadCount: b })],
      resolveLid,
    );
    expect(merged[0]?.unreadCount).toBe(expected);
  });

  it("keeps the newest activity when one side was never active", () => {
    const merged = mergeChats(
      [
        chat("111@c.us", { conversationTimestamp: null }),
        chat("777@lid", { conversationTimestamp: 50 }),
      ],
      resolveLid,
    );
    expect(merged[0]?.conversationTimestamp).toBe(50);
  });

  it("gives the same rows whatever the input order (all permutations)", () => {
    const input = [
      chat("111@c.us", { name: "Ann", conversationTimestamp: 100, unreadCount: 1, pinned: true }),
      chat("777@lid", { conversationTimestamp: 300, unreadCount: -1, archived: true }),
      chat("888@lid", { name: "Bo", conversationTimestamp: 200, unreadCount: 2 }),
      chat("222@c.us", { conversationTimestamp: 50 }),
      chat("1-2@g.us", { conversationTimestamp: 400 }),
    ];
    const byId = (rows: Chat[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
    const expected = byId(mergeChats(input, resolveLid));
    expect(expected.map((row) => row.id)).toEqual(["1-2@g.us", "111@c.us", "222@c.us"]);
    for (const order of permutations(input)) {
      expect(byId(mergeChats(order, resolveLid))).toEqual(expected);
    }
  });
});

function* permutations<T>(items: readonly T[]): Generator<T[]> {
  if (items.length <= 1) {
    yield [...items];
    return;
  }
  for (const [index, item] of items.entries()) {
    const rest = [...items.slice(0, index), ...items.slice(index + 1)];
    for (const tail of permutations(rest)) yield [item, ...tail];
  }
}
