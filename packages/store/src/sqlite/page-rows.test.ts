import { describe, expect, it } from "vitest";
import { pageShape } from "./message-sql.ts";
import { type PageRow, pageColumns, pageRowDecoder } from "./page-rows.ts";

const DATA = JSON.stringify({ id: "true_1@c.us_A", body: "hi" });

describe("message page rows", () => {
  it("a one-chat page with fromMe and ack filters reads none of the values they pin", () => {
    const filter = { fromMe: true, ack: 2 as const };
    const shape = pageShape("chat", filter, "desc");
    expect(pageColumns(shape)).toBe("id, participant, timestamp, kind, data, reactions");
    const row: PageRow = ["A", null, 10, "text", DATA, null];
    expect(pageRowDecoder(shape, "1@c.us", filter)(row)).toEqual({
      key: { fromMe: true, chatId: "1@c.us", id: "A" },
      timestamp: 10,
      ack: 2,
      kind: "text",
      message: JSON.parse(DATA),
    });
  });

  it("merged chats and unfiltered fields are read from the row, after the fixed columns", () => {
    const shape = pageShape("chats", {}, "asc", 2);
    expect(pageColumns(shape, "m.")).toBe(
      "m.id, m.participant, m.timestamp, m.kind, m.data, m.reactions, m.chat_id, m.from_me, m.ack",
    );
    const reactions = [{ text: "👍" }];
    const row: PageRow = [
      "B",
      "9@c.us",
      11,
      "text",
      DATA,
      JSON.stringify(reactions),
      "2@lid",
      0,
      4,
    ];
    expect(pageRowDecoder(shape, undefined, {})(row)).toEqual({
      key: { fromMe: false, chatId: "2@lid", id: "B", participant: "9@c.us" },
      timestamp: 11,
      ack: 4,
      kind: "text",
      message: JSON.parse(DATA),
      reactions,
    });
  });

  it("an ack filter alone pins ack only", () => {
    const filter = { ack: 3 as const };
    const shape = pageShape("all", filter, "desc");
    expect(pageColumns(shape)).toBe(
      "id, participant, timestamp, kind, data, reactions, chat_id, from_me",
    );
    const row: PageRow = ["C", null, 12, "image", DATA, null, "3@c.us", 1];
    expect(pageRowDecoder(shape, undefined, filter)(row).key).toEqual({
      fromMe: true,
      chatId: "3@c.us",
      id: "C",
    });
    expect(pageRowDecoder(shape, undefined, filter)(row).ack).toBe(3);
  });
});
