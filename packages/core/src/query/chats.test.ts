import { describe, expect, it } from "vitest";
import type { Chat } from "../domain/chat.ts";
import { applyChatsQuery, type ChatsQuery, parseChatsQuery, type RawChatsQuery } from "./chats.ts";

const chat = (
  id: string,
  conversationTimestamp: number | null,
  name: string | null = null,
): Chat => ({
  id,
  name,
  conversationTimestamp,
  unreadCount: 0,
  archived: false,
  pinned: false,
  raw: {},
});

const CHATS: Chat[] = [
  chat("1@c.us", 300, "Carol"),
  chat("2@c.us", 100, null),
  chat("3@g.us", 200, "alice"),
  chat("4@c.us", null, "Never active"),
  chat("5@newsletter", 150, "Bob"),
  chat("6@c.us", 200, null),
];

const ids = (chats: Chat[]) => chats.map((item) => item.id);
const run = (raw: RawChatsQuery) => ids(applyChatsQuery(CHATS, parseChatsQuery(raw)));

describe("parseChatsQuery", () => {
  it("defaults to last activity first, no limit, merge on, even with no parameters", () => {
    expect(parseChatsQuery({})).toEqual<ChatsQuery>({
      limit: undefined,
      offset: 0,
      sortBy: "conversationTimestamp",
      sortOrder: "desc",
      merge: true,
    });
  });

  it.each([
    ["conversationTimestamp", "conversationTimestamp"],
    ["messageTimestamp", "conversationTimestamp"],
    ["id", "id"],
    ["name", "name"],
  ])("sortBy=%s sorts by %s", (sortBy, field) => {
    expect(parseChatsQuery({ sortBy }).sortBy).toBe(field);
  });

  it.each<[RawChatsQuery]>([
    [{ sortBy: "timestamp" }],
    [{ sortBy: "unreadCount" }],
    [{ sortOrder: "ASC" }],
    [{ sortOrder: "desc;drop table chats" }],
    [{ limit: "-1" }],
    [{ offset: "x" }],
    [{ limit: "2.5" }],
    [{ merge: "maybe" }],
  ])("%j → 400", (raw) => {
    expect(() => parseChatsQuery(raw)).toThrow(
      expect.objectContaining({ code: "WA_VALIDATION_FAILED" }),
    );
  });
});

describe("applyChatsQuery (reference ordering of GET /chats)", () => {
  it.each<[string, RawChatsQuery, string[]]>([
    [
      "default: conversationTimestamp desc, ties by id desc",
      {},
      ["1@c.us", "6@c.us", "3@g.us", "5@newsletter", "2@c.us"],
    ],
    [
      "messageTimestamp is an alias",
      { sortBy: "messageTimestamp", sortOrder: "asc" },
      ["2@c.us", "5@newsletter", "3@g.us", "6@c.us", "1@c.us"],
    ],
    [
      "conversationTimestamp asc, ties by id asc",
      { sortBy: "conversationTimestamp", sortOrder: "asc" },
      ["2@c.us", "5@newsletter", "3@g.us", "6@c.us", "1@c.us"],
    ],
    [
      "id asc",
      { sortBy: "id", sortOrder: "asc" },
      ["1@c.us", "2@c.us", "3@g.us", "5@newsletter", "6@c.us"],
    ],
    [
      "id desc",
      { sortBy: "id", sortOrder: "desc" },
      ["6@c.us", "5@newsletter", "3@g.us", "2@c.us", "1@c.us"],
    ],
    [
      "name asc: nulls first (ties by id), then by code unit like SQLite's BINARY collation",
      { sortBy: "name", sortOrder: "asc" },
      ["2@c.us", "6@c.us", "5@newsletter", "1@c.us", "3@g.us"],
    ],
    [
      "name desc: nulls last",
      { sortBy: "name", sortOrder: "desc" },
      ["3@g.us", "1@c.us", "5@newsletter", "6@c.us", "2@c.us"],
    ],
    ["limit", { limit: "2" }, ["1@c.us", "6@c.us"]],
    ["limit and offset", { limit: "2", offset: "2" }, ["3@g.us", "5@newsletter"]],
    ["offset without a limit", { offset: "3" }, ["5@newsletter", "2@c.us"]],
    [
      "limit 0 means no limit",
      { limit: "0" },
      ["1@c.us", "6@c.us", "3@g.us", "5@newsletter", "2@c.us"],
    ],
    ["offset past the end", { limit: "5", offset: "50" }, []],
  ])("%s", (_case, raw, expected) => {
    expect(run(raw)).toEqual(expected);
  });

  it("never lists a chat that was never active (null conversationTimestamp), in any order", () => {
    for (const sortBy of ["conversationTimestamp", "id", "name"]) {
      for (const sortOrder of ["asc", "desc"]) {
        expect(run({ sortBy, sortOrder })).not.toContain("4@c.us");
      }
    }
  });

  it("keeps broadcast and newsletter chats (only the overview drops them)", () => {
    expect(run({})).toContain("5@newsletter");
  });

  it("pages never overlap and together cover the list", () => {
    const all = run({});
    const pages = [0, 2, 4].flatMap((offset) => run({ limit: "2", offset: String(offset) }));
    expect(pages).toEqual(all);
  });

  it("does not reorder or mutate its input", () => {
    const before = ids(CHATS);
    applyChatsQuery(CHATS, parseChatsQuery({ sortBy: "id" }));
    expect(ids(CHATS)).toEqual(before);
  });
});
