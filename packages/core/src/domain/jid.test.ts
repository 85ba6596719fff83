import { describe, expect, it } from "vitest";
import { isWaError } from "../errors.ts";
import {
  fromJid,
  isBroadcastOrNewsletter,
  isGroupChat,
  isLidChat,
  isUserChat,
  jidServer,
  normalizeChatId,
  normalizeChatIdOrAll,
  parseJid,
  toJid,
} from "./jid.ts";

/** Ids that must be refused with a typed error (waha-compat §1.6 plus our strictness). */
const MALFORMED_CHAT_IDS = [
  ["empty", ""],
  ["only spaces", "   "],
  ["leading space", " 123@c.us"],
  ["trailing space", "123 "],
  ["space inside", "49 123 456"],
  ["two @", "123@c.us@c.us"],
  ["@ only", "@c.us"],
  ["nothing after @", "123@"],
  ["unknown server", "123@example.com"],
  ["upper-case server", "123@C.US"],
  ["letters in a phone number", "12a34"],
  ["letters in a c.us id", "abc@c.us"],
  ["plus prefix", "+4915112345678"],
  ["plus prefix with server", "+4915112345678@c.us"],
  ["dashes in a number", "49-151-123"],
  ["SQL-ish quote", "1' OR '1'='1"],
  ["SQL-ish statement", "1;DROP TABLE chats"],
  ["SQL-ish in the server", "1@c.us;--"],
  ["percent-encoded @ (the server decodes)", "123%40c.us"],
  ["device on a group", "123:4@g.us"],
  ["empty device", "123:@c.us"],
  ["two devices", "123:1:2@s.whatsapp.net"],
  ["letters in a device", "123:ab@s.whatsapp.net"],
  ["three-part group id", "1-2-3@g.us"],
  ["broadcast with letters", "news@broadcast"],
  ["too long a number", "1".repeat(21)],
  ["the literal all", "all"],
] as const;

describe("normalizeChatId", () => {
  it.each([
    ["a bare number gets @c.us", "4915112345678", "4915112345678@c.us"],
    ["@c.us is kept", "123@c.us", "123@c.us"],
    ["@s.whatsapp.net becomes @c.us", "123@s.whatsapp.net", "123@c.us"],
    ["a :device suffix is dropped", "123:12@s.whatsapp.net", "123@c.us"],
    ["a :device on @c.us is dropped", "123:3@c.us", "123@c.us"],
    ["a new-style group is untouched", "120363041234567890@g.us", "120363041234567890@g.us"],
    [
      "an old-style group is untouched",
      "4915112345678-1612345678@g.us",
      "4915112345678-1612345678@g.us",
    ],
    ["a LID is untouched", "123456789012345@lid", "123456789012345@lid"],
    ["a LID loses its :device", "123456789012345:7@lid", "123456789012345@lid"],
    ["a newsletter is untouched", "120363123456789012@newsletter", "120363123456789012@newsletter"],
    ["a broadcast list is untouched", "1234567890@broadcast", "1234567890@broadcast"],
    ["status@broadcast is untouched", "status@broadcast", "status@broadcast"],
    ["meta.ai passes through", "13135550002@meta.ai", "13135550002@meta.ai"],
    ["the zero id is a valid user", "0", "0@c.us"],
  ])("%s: %s → %s", (_case, input, expected) => {
    expect(normalizeChatId(input)).toBe(expected);
  });

  it.each(MALFORMED_CHAT_IDS)("%s (%j) → WA_INVALID_CHAT_ID", (_case, input) => {
    const error = catchError(() => normalizeChatId(input));
    expect(isWaError(error)).toBe(true);
    expect(error).toMatchObject({ code: "WA_INVALID_CHAT_ID" });
  });

  it("refuses a non-string from untyped callers with the typed error, not a TypeError", () => {
    expect(() => normalizeChatId(undefined as unknown as string)).toThrow(
      expect.objectContaining({ code: "WA_INVALID_CHAT_ID" }),
    );
  });
});

describe("normalizeChatIdOrAll", () => {
  it.each([
    ["all", "all"],
    ["123", "123@c.us"],
    ["123@s.whatsapp.net", "123@c.us"],
    ["status@broadcast", "status@broadcast"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeChatIdOrAll(input)).toBe(expected);
  });

  it.each(["ALL", "All", " all", "all@c.us", ""])("%j is not the special id → error", (input) => {
    expect(() => normalizeChatIdOrAll(input)).toThrow(
      expect.objectContaining({ code: "WA_INVALID_CHAT_ID" }),
    );
  });
});

describe("toJid / fromJid", () => {
  it.each([
    ["123@c.us", "123@s.whatsapp.net"],
    ["123", "123@s.whatsapp.net"],
    ["123@s.whatsapp.net", "123@s.whatsapp.net"],
    ["123:5@c.us", "123@s.whatsapp.net"],
    ["123-456@g.us", "123-456@g.us"],
    ["777@lid", "777@lid"],
    ["888@newsletter", "888@newsletter"],
    ["999@broadcast", "999@broadcast"],
    ["status@broadcast", "status@broadcast"],
    ["13135550002@meta.ai", "13135550002@meta.ai"],
  ])("toJid(%s) = %s", (chatId, jid) => {
    expect(toJid(chatId)).toBe(jid);
  });

  it.each([
    ["123@s.whatsapp.net", "123@c.us"],
    ["123:12@s.whatsapp.net", "123@c.us"],
    ["777:3@lid", "777@lid"],
    ["123-456@g.us", "123-456@g.us"],
    ["888@newsletter", "888@newsletter"],
    ["status@broadcast", "status@broadcast"],
    ["123@c.us", "123@c.us"],
    ["me", "me"],
    ["", ""],
  ])("fromJid(%j) = %j", (jid, chatId) => {
    expect(fromJid(jid)).toBe(chatId);
  });

  it.each(["123@c.us", "123-456@g.us", "777@lid", "888@newsletter", "status@broadcast"])(
    "round-trips %s through the Baileys form",
    (chatId) => {
      expect(fromJid(toJid(chatId))).toBe(chatId);
    },
  );

  it.each(MALFORMED_CHAT_IDS)("toJid refuses %s (%j) with WA_INVALID_CHAT_ID", (_case, input) => {
    expect(() => toJid(input)).toThrow(expect.objectContaining({ code: "WA_INVALID_CHAT_ID" }));
  });
});

describe("parseJid", () => {
  it.each([
    ["123@c.us", { user: "123", server: "c.us" }],
    ["123:4@s.whatsapp.net", { user: "123", device: 4, server: "s.whatsapp.net" }],
    ["777:0@lid", { user: "777", device: 0, server: "lid" }],
    ["1-2@g.us", { user: "1-2", server: "g.us" }],
    ["status@broadcast", { user: "status", server: "broadcast" }],
  ])("%s → %o", (input, expected) => {
    expect(parseJid(input)).toEqual(expected);
  });

  it.each(MALFORMED_CHAT_IDS)("%s (%j) → null, never a throw", (_case, input) => {
    const withServer = input.includes("@") ? input : `${input}@c.us`;
    expect(parseJid(withServer)).toBeNull();
  });
});

describe("kind predicates", () => {
  it.each([
    // chatId, group, lid, user, broadcastOrNewsletter, server
    ["123@c.us", false, false, true, false, "c.us"],
    ["123@s.whatsapp.net", false, false, true, false, "s.whatsapp.net"],
    ["123:2@s.whatsapp.net", false, false, true, false, "s.whatsapp.net"],
    ["1-2@g.us", true, false, false, false, "g.us"],
    ["777@lid", false, true, false, false, "lid"],
    ["888@newsletter", false, false, false, true, "newsletter"],
    ["999@broadcast", false, false, false, true, "broadcast"],
    ["status@broadcast", false, false, false, true, "broadcast"],
    ["all", false, false, false, false, undefined],
  ] as const)("%s", (chatId, group, lid, user, broadcast, server) => {
    expect(isGroupChat(chatId)).toBe(group);
    expect(isLidChat(chatId)).toBe(lid);
    expect(isUserChat(chatId)).toBe(user);
    expect(isBroadcastOrNewsletter(chatId)).toBe(broadcast);
    expect(jidServer(chatId)).toBe(server);
  });
});

// --- internal ---

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}
