import type { DomainEvent } from "@wa/core";
import { describe, expect, it } from "vitest";
import { chat, history, message } from "../contract/fixtures.ts";
import { eventRows, splitIntoUnits } from "./event-units.ts";

const messages = (n: number) => Array.from({ length: n }, (_, i) => message("1@c.us", `M${i}`, i));

describe("splitIntoUnits", () => {
  it("keeps a list that fits in one unit", () => {
    const events: DomainEvent[] = [
      history({ messages: messages(3) }),
      { type: "chat.clear", chatId: "1@c.us" },
    ];
    expect(splitIntoUnits(events, 10)).toEqual([events]);
  });

  it("cuts big history batches into bounded units, metadata first, order kept", () => {
    const batch = history({
      chats: [chat("1@c.us", 1)],
      messages: messages(25),
      lidMappings: [{ lid: "9@lid", pn: "1@c.us" }],
    });
    const units = splitIntoUnits([batch, { type: "chat.clear", chatId: "1@c.us" }], 10);
    expect(units.map((unit) => unit.reduce((sum, event) => sum + eventRows(event), 0))).toEqual([
      10, 10, 8,
    ]);
    const parts = units.flat();
    expect(parts.at(-1)).toEqual({ type: "chat.clear", chatId: "1@c.us" });
    const first = parts[0];
    expect(
      first?.type === "history.batch" && [first.lidMappings.length, first.chats.length],
    ).toEqual([1, 1]);
    const ids = parts.flatMap((part) =>
      part.type === "history.batch" ? part.messages.map((item) => item.key.id) : [],
    );
    expect(ids).toEqual(messages(25).map((item) => item.key.id));
  });
});
