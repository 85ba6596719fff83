import { describe, expect, it } from "vitest";
import type { Chat } from "../domain/chat.ts";
import type { LidResolver } from "./merge.ts";
import {
  isOverviewCandidate,
  OVERVIEW_DEFAULT_LIMIT,
  parseOverviewQuery,
  type RawOverviewQuery,
  selectOverview,
} from "./overview.ts";

const chat = (id: string, conversationTimestamp: number | null, unreadCount = 0): Chat => ({
  id,
  name: null,
  conversationTimestamp,
  unreadCount,
  archived: false,
  pinned: false,
  raw: {},
});

const LIDS: Record<string, string> = { "777@lid": "11111@c.us" };
const resolveLid: LidResolver = (lid) => LIDS[lid];

const CHATS: Chat[] = [
  chat("11111@c.us", 100, 1),
  chat("777@lid", 500, 2),
  chat("22222@c.us", 300),
  chat("1-2@g.us", 400),
  chat("status@broadcast", 900),
  chat("33333@broadcast", 800),
  chat("44444@newsletter", 700),
  chat("55555@c.us", null),
  chat("999@lid", 200),
];

const select = (raw: RawOverviewQuery) =>
  selectOverview(CHATS, parseOverviewQuery(raw), resolveLid).map((item) => item.id);

describe("parseOverviewQuery", () => {
  it("defaults to limit 20, offset 0, merge on, no ids", () => {
    expect(OVERVIEW_DEFAULT_LIMIT).toBe(20);
    expect(parseOverviewQuery({})).toEqual({ limit: 20, offset: 0, merge: true });
  });

  it.each<[RawOverviewQuery, string[] | undefined]>([
    [{ ids: "11111" }, ["11111@c.us"]],
    [{ ids: ["11111", "22222@c.us", "777@lid"] }, ["11111@c.us", "22222@c.us", "777@lid"]],
    [{ ids: "11111@s.whatsapp.net" }, ["11111@c.us"]],
    [{ ids: [] }, undefined],
    [{ ids: "" }, undefined],
  ])("ids %j → %j", (raw, expected) => {
    expect(parseOverviewQuery(raw).ids).toEqual(expected);
  });

  it.each<[RawOverviewQuery, string]>([
    [{ ids: "+4911111" }, "WA_INVALID_CHAT_ID"],
    [{ ids: ["1@c.us", "x y"] }, "WA_INVALID_CHAT_ID"],
    [{ limit: "-1" }, "WA_VALIDATION_FAILED"],
    [{ offset: "1.5" }, "WA_VALIDATION_FAILED"],
    [{ merge: "nope" }, "WA_VALIDATION_FAILED"],
  ])("%j → %s", (raw, code) => {
    expect(() => parseOverviewQuery(raw)).toThrow(expect.objectContaining({ code }));
  });
});

describe("isOverviewCandidate", () => {
  it.each([
    ["11111@c.us", 1, true],
    ["1-2@g.us", 1, true],
    ["777@lid", 1, true],
    ["status@broadcast", 1, false],
    ["33333@broadcast", 1, false],
    ["44444@newsletter", 1, false],
    ["11111@c.us", null, false],
  ] as const)("%s active at %s → %s", (id, timestamp, expected) => {
    expect(isOverviewCandidate(chat(id, timestamp))).toBe(expected);
  });
});

describe("selectOverview", () => {
  it.each<[string, RawOverviewQuery, string[]]>([
    [
      "merge on (default): last activity first, LID folded into its PN chat",
      {},
      ["11111@c.us", "1-2@g.us", "22222@c.us", "999@lid"],
    ],
    [
      "merge off: LID and PN chats apart",
      { merge: "false" },
      ["777@lid", "1-2@g.us", "22222@c.us", "999@lid", "11111@c.us"],
    ],
    ["limit", { limit: "2" }, ["11111@c.us", "1-2@g.us"]],
    ["offset", { limit: "2", offset: "2" }, ["22222@c.us", "999@lid"]],
    ["ids as a bare number", { ids: "22222" }, ["22222@c.us"]],
    ["ids in @c.us form", { ids: "22222@c.us" }, ["22222@c.us"]],
    [
      "ids naming a broadcast or newsletter still exclude it",
      { ids: ["status@broadcast", "44444@newsletter"] },
      [],
    ],
    ["ids naming a never-active chat still exclude it", { ids: "55555" }, []],
    [
      "a LID chat is matched by its PN (merge off)",
      { ids: "11111", merge: "false" },
      ["777@lid", "11111@c.us"],
    ],
    [
      "a LID chat is matched by itself (merge off)",
      { ids: "777@lid", merge: "false" },
      ["777@lid"],
    ],
    ["an unmapped LID chat is matched by itself", { ids: "999@lid" }, ["999@lid"]],
    ["ids matching nothing", { ids: "12345" }, []],
  ])("%s", (_case, raw, expected) => {
    expect(select(raw)).toEqual(expected);
  });

  it.each(["11111", "11111@c.us", "777@lid"])(
    "merge on: ids=%s gives the one merged row with both chats' activity and unread",
    (id) => {
      const [row, ...rest] = selectOverview(CHATS, parseOverviewQuery({ ids: id }), resolveLid);
      expect(rest).toEqual([]);
      expect(row).toMatchObject({ id: "11111@c.us", conversationTimestamp: 500, unreadCount: 3 });
    },
  );

  it("pages hold 20 rows by default", () => {
    const many = Array.from({ length: 45 }, (_, index) => chat(`${index + 1}@c.us`, index + 1));
    const page = selectOverview(many, parseOverviewQuery({}), resolveLid);
    expect(page).toHaveLength(20);
    expect(page[0]?.id).toBe("45@c.us");
  });
});
