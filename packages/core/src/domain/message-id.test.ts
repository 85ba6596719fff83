import { describe, expect, it } from "vitest";
import { isWaError } from "../errors.ts";
import {
  assertKeyInChat,
  buildMessageId,
  isFullMessageKey,
  type MessageKey,
  parseMessageId,
  parseMessageRef,
} from "./message-id.ts";

/** Serialized ids that must be refused with `WA_INVALID_MESSAGE_ID` (waha-compat §1.7). */
const MALFORMED_MESSAGE_IDS = [
  ["empty", ""],
  ["2 parts", "true_123@c.us"],
  ["5 parts", "false_111@g.us_AAAA_222@c.us_extra"],
  ["fromMe is TRUE", "TRUE_123@c.us_AAAA"],
  ["fromMe is 1", "1_123@c.us_AAAA"],
  ["fromMe is empty", "_123@c.us_AAAA"],
  ["fromMe is yes", "yes_123@c.us_AAAA"],
  ["chat is empty", "true__AAAA"],
  ["chat has an unknown server", "true_123@example.com_AAAA"],
  ["chat has letters", "true_abc@c.us_AAAA"],
  ["chat has a plus", "true_+49123@c.us_AAAA"],
  ["chat is all", "true_all_AAAA"],
  ["id is empty", "true_123@c.us_"],
  ["id has a space", "true_123@c.us_AA AA"],
  ["id has an @", "true_123@c.us_AA@AA"],
  ["id is SQL-ish", "true_123@c.us_1';DROP TABLE messages;--"],
  ["participant is empty", "false_111@g.us_AAAA_"],
  ["participant is malformed", "false_111@g.us_AAAA_x@y"],
] as const;

describe("parseMessageId", () => {
  it.each([
    [
      "a DM sent by me",
      "true_123456789@c.us_BAE6A33293978B16",
      { fromMe: true, chatId: "123456789@c.us", id: "BAE6A33293978B16" },
    ],
    [
      "the WAHA group example",
      "false_111@g.us_AAAA_222@c.us",
      { fromMe: false, chatId: "111@g.us", id: "AAAA", participant: "222@c.us" },
    ],
    [
      "@s.whatsapp.net in chat and participant is normalised",
      "false_111@g.us_AAAA_222:3@s.whatsapp.net",
      { fromMe: false, chatId: "111@g.us", id: "AAAA", participant: "222@c.us" },
    ],
    [
      "a Baileys-form DM chat",
      "false_123@s.whatsapp.net_3EB0965B123D06E0B70741",
      { fromMe: false, chatId: "123@c.us", id: "3EB0965B123D06E0B70741" },
    ],
    [
      "a bare-number chat gets @c.us (WAHA toJID)",
      "false_123_ABCD",
      { fromMe: false, chatId: "123@c.us", id: "ABCD" },
    ],
    [
      "a LID participant",
      "false_111@g.us_AAAA_777@lid",
      { fromMe: false, chatId: "111@g.us", id: "AAAA", participant: "777@lid" },
    ],
    [
      "a status message",
      "false_status@broadcast_AAAA_222@c.us",
      { fromMe: false, chatId: "status@broadcast", id: "AAAA", participant: "222@c.us" },
    ],
    [
      "a newsletter message",
      "false_888@newsletter_137",
      { fromMe: false, chatId: "888@newsletter", id: "137" },
    ],
  ])("%s: %s", (_case, serialized, expected) => {
    expect(parseMessageId(serialized)).toEqual(expected);
  });

  it.each(MALFORMED_MESSAGE_IDS)("%s (%j) → WA_INVALID_MESSAGE_ID", (_case, serialized) => {
    let error: unknown;
    try {
      parseMessageId(serialized);
    } catch (caught) {
      error = caught;
    }
    expect(isWaError(error)).toBe(true);
    expect(error).toMatchObject({ code: "WA_INVALID_MESSAGE_ID" });
    expect((error as Error).message).toMatch(/false_11111111111@c.us_/);
  });
});

describe("buildMessageId", () => {
  it.each<[string, MessageKey]>([
    [
      "true_123456789@c.us_BAE6A33293978B16",
      { fromMe: true, chatId: "123456789@c.us", id: "BAE6A33293978B16" },
    ],
    [
      "false_111@g.us_AAAA_222@c.us",
      { fromMe: false, chatId: "111@g.us", id: "AAAA", participant: "222@c.us" },
    ],
    ["false_888@newsletter_137", { fromMe: false, chatId: "888@newsletter", id: "137" }],
  ])("builds %s and parses it back", (serialized, key) => {
    expect(buildMessageId(key)).toBe(serialized);
    expect(parseMessageId(buildMessageId(key))).toEqual(key);
  });
});

describe("parseMessageRef (WAHA's soft mode, get-message-by-id only)", () => {
  it.each(["3EB0965B123D06E0B70741", "BAE6A33293978B16", "137"])(
    "accepts the bare id %s",
    (bare) => {
      const ref = parseMessageRef(bare);
      expect(ref).toEqual({ id: bare });
      expect(isFullMessageKey(ref)).toBe(false);
    },
  );

  it("accepts a full id too", () => {
    const ref = parseMessageRef("false_111@g.us_AAAA_222@c.us");
    expect(isFullMessageKey(ref)).toBe(true);
    expect(ref).toMatchObject({ chatId: "111@g.us", participant: "222@c.us" });
  });

  it("bare ids are accepted by parseMessageRef only, never by the strict parser", () => {
    expect(() => parseMessageId("3EB0965B123D06E0B70741")).toThrow(
      expect.objectContaining({ code: "WA_INVALID_MESSAGE_ID" }),
    );
  });

  const malformedRefs: ReadonlyArray<readonly [string, string]> = [
    ...MALFORMED_MESSAGE_IDS,
    ["bare id with a space", "AB CD"],
    ["bare id with @", "a@b"],
  ];
  it.each(malformedRefs)("%s (%j) → WA_INVALID_MESSAGE_ID", (_case, value) => {
    expect(() => parseMessageRef(value)).toThrow(
      expect.objectContaining({ code: "WA_INVALID_MESSAGE_ID" }),
    );
  });
});

describe("assertKeyInChat", () => {
  const key: MessageKey = { fromMe: false, chatId: "111@g.us", id: "AAAA" };

  it.each(["111@g.us", "all"])("lets a key through on chat %s", (chatId) => {
    expect(() => assertKeyInChat(key, chatId)).not.toThrow();
  });

  it("refuses a key of another chat", () => {
    expect(() => assertKeyInChat(key, "222@g.us")).toThrow(
      expect.objectContaining({ code: "WA_INVALID_MESSAGE_ID" }),
    );
  });
});
