import { describe, expect, it } from "vitest";
import { Ack } from "../domain/ack.ts";
import {
  parseReadRequest,
  READ_DEFAULT_DAYS,
  readDefaultMessages,
  readMessagesQuery,
} from "./read.ts";

describe("parseReadRequest", () => {
  it.each([
    ["a DM", "123@c.us", 30],
    ["a LID DM", "777@lid", 30],
    ["a group", "1-2@g.us", 100],
  ])("defaults for %s: %i messages over 7 days", (_case, chatId, messages) => {
    expect(READ_DEFAULT_DAYS).toBe(7);
    expect(readDefaultMessages(chatId)).toBe(messages);
    expect(parseReadRequest(chatId, {})).toEqual({ messages, days: 7 });
  });

  // Regression: WAHA's `messages ? 100 : …` precedence slip read 100 whenever `messages` was given.
  it.each([
    ["123@c.us", "5", 5],
    ["123@c.us", "50", 50],
    ["1-2@g.us", "5", 5],
    ["1-2@g.us", "250", 250],
  ])("a given messages count wins: %s messages=%s → %i", (chatId, messages, expected) => {
    expect(parseReadRequest(chatId, { messages }).messages).toBe(expected);
  });

  it.each([
    ["0", 0],
    ["30", 30],
  ])("days=%s → %i", (days, expected) => {
    expect(parseReadRequest("123@c.us", { days }).days).toBe(expected);
  });

  it.each([
    [{ messages: "0" }, /messages must not be less than 1/],
    [{ messages: "-3" }, /messages/],
    [{ messages: "ten" }, /messages/],
    [{ days: "-1" }, /days/],
    [{ days: "1.5" }, /days/],
  ])("%j → 400", (raw, text) => {
    expect(() => parseReadRequest("123@c.us", raw)).toThrow(
      expect.objectContaining({
        code: "WA_VALIDATION_FAILED",
        message: expect.stringMatching(text),
      }),
    );
  });
});

describe("readMessagesQuery", () => {
  it("selects the unread incoming messages: ack DEVICE, fromMe false, timestamp ≥ now − days·86400", () => {
    const now = 1_700_000_000;
    expect(readMessagesQuery({ messages: 30, days: 7 }, now)).toEqual({
      limit: 30,
      offset: 0,
      sortOrder: "desc",
      downloadMedia: false,
      merge: true,
      filter: { ack: Ack.DEVICE, fromMe: false, timestampGte: now - 7 * 86400 },
    });
  });

  it("days=0 means from now on", () => {
    expect(readMessagesQuery({ messages: 1, days: 0 }, 500).filter.timestampGte).toBe(500);
  });
});
