/** @module Unit tests of chat id ⇄ wire JID conversions. */
import { describe, expect, it } from "vitest";
import { lidForPhone, toChatId, toWireJid, userOf } from "./jid.ts";

describe("jid", () => {
  it.each([
    ["123@c.us", "123@s.whatsapp.net"],
    ["123-456@g.us", "123-456@g.us"],
    ["789@lid", "789@lid"],
  ])("%s ⇄ %s", (chatId, wire) => {
    expect(toWireJid(chatId)).toBe(wire);
    expect(toChatId(wire)).toBe(chatId);
  });

  it("drops devices", () => {
    expect(toChatId("123:4@s.whatsapp.net")).toBe("123@c.us");
    expect(userOf("123:4@lid")).toBe("123");
  });

  it("gives every phone a distinct LID", () => {
    expect(lidForPhone("15550100000")).toBe("915550100000");
  });
});
