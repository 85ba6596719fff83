import { describe, expect, it } from "vitest";
import { ackName } from "../domain/ack.ts";
import type { MessageKind, StoredMessage, WAMessage } from "../domain/message.ts";
import {
  applyMessagesQuery,
  MESSAGES_DEFAULT_LIMIT,
  type MessagesQuery,
  parseMessagesQuery,
  type RawMessagesQuery,
} from "./messages.ts";

const CHAT = "123@c.us";

function stored(
  id: string,
  timestamp: number,
  fromMe: boolean,
  ack = 2,
  kind: MessageKind = "text",
) {
  const key = { fromMe, chatId: CHAT, id };
  const message = { id: `${fromMe}_${CHAT}_${id}`, timestamp, fromMe, ack, ackName: ackName(ack) };
  return { key, timestamp, ack, kind, message: message as unknown as WAMessage } as StoredMessage;
}

// Six incoming, four outgoing, at timestamps 10..100; acks vary.
const MESSAGES: StoredMessage[] = [
  stored("A01", 10, false, 3),
  stored("A02", 20, true, 1),
  stored("A03", 30, false, 2),
  stored("A04", 40, true, 3),
  stored("A05", 50, false, 2),
  stored("A06", 60, false, 4),
  stored("A07", 70, true, 2),
  stored("A08", 80, false, 2),
  stored("A09", 90, true, 0),
  stored("A10", 100, false, -1),
];

const select = (raw: RawMessagesQuery, messages = MESSAGES) =>
  applyMessagesQuery(messages, parseMessagesQuery(raw)).map((item) => item.key.id);

describe("parseMessagesQuery", () => {
  it("defaults: limit 10, offset 0, newest first, downloadMedia true, merge on, no filter", () => {
    expect(MESSAGES_DEFAULT_LIMIT).toBe(10);
    expect(parseMessagesQuery({})).toEqual<MessagesQuery>({
      limit: 10,
      offset: 0,
      sortOrder: "desc",
      downloadMedia: true,
      filter: {},
      merge: true,
    });
  });

  it("reads the dotted filter keys", () => {
    const query = parseMessagesQuery({
      "filter.timestamp.lte": "100",
      "filter.timestamp.gte": "20",
      "filter.fromMe": "False",
      "filter.ack": "DEVICE",
      downloadMedia: "0",
    });
    expect(query.filter).toEqual({ timestampLte: 100, timestampGte: 20, fromMe: false, ack: 2 });
    expect(query.downloadMedia).toBe(false);
  });

  it.each([
    ["ERROR", -1],
    ["PENDING", 0],
    ["SERVER", 1],
    ["DEVICE", 2],
    ["READ", 3],
    ["PLAYED", 4],
  ])("filter.ack=%s → ack %i (names, not numbers)", (name, level) => {
    expect(parseMessagesQuery({ "filter.ack": name }).filter.ack).toBe(level);
  });

  it.each(["2", "read", "UNKNOWN", "DEVICE;--"])("filter.ack=%j → 400 'Invalid ack'", (name) => {
    expect(() => parseMessagesQuery({ "filter.ack": name })).toThrow(
      expect.objectContaining({
        code: "WA_VALIDATION_FAILED",
        message: expect.stringMatching(/^Invalid ack/),
      }),
    );
  });

  it.each<[RawMessagesQuery["filter.ack"], number | undefined]>([
    [["SERVER", "READ"], 3],
    [[], undefined],
    ["", undefined],
    [null, undefined],
  ])("filter.ack=%j → %s", (raw, level) => {
    expect(parseMessagesQuery({ "filter.ack": raw }).filter.ack).toBe(level);
  });

  it.each(["timestamp", "messageTimestamp"])("sortBy=%s is accepted", (sortBy) => {
    expect(() => parseMessagesQuery({ sortBy })).not.toThrow();
  });

  it.each<[RawMessagesQuery]>([
    [{ sortBy: "id" }],
    [{ sortOrder: "ASC" }],
    [{ sortOrder: "desc;drop table messages" }],
    [{ limit: "-1" }],
    [{ limit: "1.5" }],
    [{ offset: "abc" }],
    [{ "filter.timestamp.lte": "yesterday" }],
    [{ "filter.timestamp.gte": "1.5" }],
    [{ "filter.fromMe": "no" }],
    [{ downloadMedia: "yes" }],
  ])("%j → 400", (raw) => {
    expect(() => parseMessagesQuery(raw)).toThrow(
      expect.objectContaining({ code: "WA_VALIDATION_FAILED" }),
    );
  });
});

describe("applyMessagesQuery", () => {
  it.each<[string, RawMessagesQuery, string[]]>([
    [
      "default: newest first, 10",
      {},
      ["A10", "A09", "A08", "A07", "A06", "A05", "A04", "A03", "A02", "A01"],
    ],
    ["asc: oldest first", { sortOrder: "asc", limit: "3" }, ["A01", "A02", "A03"]],
    ["desc with limit and offset", { limit: "3", offset: "2" }, ["A08", "A07", "A06"]],
    [
      "messageTimestamp alias sorts the same",
      { sortBy: "messageTimestamp", limit: "2" },
      ["A10", "A09"],
    ],
    ["fromMe=true: outgoing only", { "filter.fromMe": "true" }, ["A09", "A07", "A04", "A02"]],
    ["ack DEVICE", { "filter.ack": "DEVICE" }, ["A08", "A07", "A05", "A03"]],
    ["ack ERROR", { "filter.ack": "ERROR" }, ["A10"]],
    ["ack PLAYED", { "filter.ack": "PLAYED" }, ["A06"]],
    [
      "lte equal to a timestamp includes it",
      { "filter.timestamp.lte": "30" },
      ["A03", "A02", "A01"],
    ],
    [
      "gte equal to a timestamp includes it",
      { "filter.timestamp.gte": "80" },
      ["A10", "A09", "A08"],
    ],
    [
      "gte = lte selects exactly that second",
      { "filter.timestamp.gte": "50", "filter.timestamp.lte": "50" },
      ["A05"],
    ],
    [
      "gte > lte selects nothing",
      { "filter.timestamp.gte": "60", "filter.timestamp.lte": "50" },
      [],
    ],
    [
      "filters combine",
      { "filter.fromMe": "false", "filter.ack": "DEVICE", "filter.timestamp.gte": "40" },
      ["A08", "A05"],
    ],
  ])("%s", (_case, raw, expected) => {
    expect(select(raw)).toEqual(expected);
  });

  // Regression: WAHA issue #1710 — filter.fromMe=false returned nothing instead of the incoming messages.
  it.each(["false", "False", "0"])(
    "filter.fromMe=%s returns exactly the incoming messages",
    (value) => {
      expect(select({ "filter.fromMe": value, limit: "0" })).toEqual([
        "A10",
        "A08",
        "A06",
        "A05",
        "A03",
        "A01",
      ]);
    },
  );

  it("orders equal timestamps by id, in the requested direction", () => {
    const tied = [stored("B", 5, false), stored("C", 5, false), stored("A", 5, false)];
    expect(select({}, tied)).toEqual(["C", "B", "A"]);
    expect(select({ sortOrder: "asc" }, tied)).toEqual(["A", "B", "C"]);
  });

  it.each<MessageKind>(["reaction", "protocol", "edit", "revoke", "poll-vote"])(
    "never lists %s messages",
    (kind) => {
      const messages = [stored("X1", 10, false), stored("X2", 20, false, 2, kind)];
      expect(select({}, messages)).toEqual(["X1"]);
    },
  );

  it.each<MessageKind>(["text", "media", "location", "contact", "poll", "other"])(
    "lists %s messages",
    (kind) => {
      expect(select({}, [stored("X1", 10, false, 2, kind)])).toEqual(["X1"]);
    },
  );

  it("drops non-displayable messages BEFORE paginating, so every page is full", () => {
    // Newest first: 3 displayable, then 5 reactions, then 12 more displayable.
    const messages = [
      ...[100, 99, 98].map((ts) => stored(`D${ts}`, ts, false)),
      ...[97, 96, 95, 94, 93].map((ts) => stored(`R${ts}`, ts, false, 2, "reaction")),
      ...Array.from({ length: 12 }, (_, index) => stored(`E${80 - index}`, 80 - index, false)),
    ];
    const first = select({}, messages);
    const second = select({ offset: "10" }, messages);
    expect(first).toHaveLength(10);
    expect(first.some((id) => id.startsWith("R"))).toBe(false);
    expect(second).toHaveLength(5);
    expect(new Set([...first, ...second]).size).toBe(15);
  });
});
