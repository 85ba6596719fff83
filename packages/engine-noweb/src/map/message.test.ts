/** @module Message mappers as a table over recorded WebMessageInfo fixtures. */
import type { WAMessage as BaileysMessage } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { loadFixture } from "../../test/fixtures.ts";
import { toEffectEvent } from "./effects.ts";
import { toBaileysKey, toMessageKey, toStoredMessage } from "./message.ts";
import { toRawJson } from "./raw.ts";

interface MessageCase {
  name: string;
  sentByApi?: boolean;
  raw: BaileysMessage;
  expected:
    | (Record<string, unknown> & {
        kind: string;
        dataPath?: string[];
        dataValue?: unknown;
        noTo?: boolean;
      })
    | null;
  effect?: Record<string, unknown>;
}

const cases = loadFixture<MessageCase[]>("messages.json");

describe("toStoredMessage over recorded Baileys messages", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const stored = toStoredMessage(c.raw, { sentByApi: () => c.sentByApi === true });
    if (c.expected === null) {
      expect(stored).toBeNull();
      return;
    }
    expect(stored).not.toBeNull();
    if (!stored) return;
    const { kind, dataPath, dataValue, noTo, ...fields } = c.expected;
    expect(stored.kind).toBe(kind);
    expect(stored.message).toMatchObject(fields);
    // The columns and the API shape always agree.
    expect(stored.message.id).toMatch(new RegExp(`_${stored.key.id}(_|$)`));
    expect(stored.ack).toBe(stored.message.ack);
    expect(stored.timestamp).toBe(stored.message.timestamp);
    // NOWEB: `from` is always the chat.
    expect(stored.message.from).toBe(stored.key.chatId);
    if (noTo || !stored.key.chatId.endsWith("@g.us")) expect("to" in stored.message).toBe(false);
    if (dataPath) {
      const value = dataPath.reduce<unknown>(
        (node, key) => (node as Record<string, unknown>)?.[key],
        stored.message._data,
      );
      expect(value).toEqual(toRawJson(dataValue));
    }
    // `_data` is plain JSON: it survives a JSON round trip unchanged.
    expect(JSON.parse(JSON.stringify(stored.message._data))).toEqual(stored.message._data);
  });
});

describe("toEffectEvent over recorded Baileys messages", () => {
  const withEffect = cases.filter((c) => c.effect);
  it.each(withEffect.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(toEffectEvent(c.raw)).toEqual(c.effect);
  });

  it("gives no effect for ordinary messages", () => {
    for (const c of cases.filter((x) => !x.effect)) expect(toEffectEvent(c.raw)).toBeNull();
  });

  it("authors my own reaction as me once I am known", () => {
    const raw = {
      key: { remoteJid: "14155550123@s.whatsapp.net", fromMe: true, id: "R1" },
      messageTimestamp: 10,
      message: {
        reactionMessage: {
          key: { remoteJid: "14155550123@s.whatsapp.net", fromMe: false, id: "T1" },
          text: "❤️",
          senderTimestampMs: 10_000,
        },
      },
    } as BaileysMessage;
    expect(toEffectEvent(raw, "14155550100@c.us")).toMatchObject({
      target: { fromMe: false, id: "T1" },
      reaction: { from: "14155550100@c.us", fromMe: true, text: "❤️", timestamp: 10 },
    });
  });
});

describe("message keys", () => {
  it("convert both ways, c.us ⇄ s.whatsapp.net, participant kept", () => {
    const key = {
      fromMe: false,
      chatId: "120363025246125486@g.us",
      id: "ABC",
      participant: "14155550124@c.us",
    };
    const baileys = toBaileysKey(key);
    expect(baileys).toEqual({
      remoteJid: "120363025246125486@g.us",
      fromMe: false,
      id: "ABC",
      participant: "14155550124@s.whatsapp.net",
    });
    expect(toMessageKey(baileys)).toEqual(key);
  });

  it("strip the device of a JID", () => {
    expect(
      toMessageKey({ remoteJid: "14155550123:12@s.whatsapp.net", id: "X", fromMe: true }),
    ).toEqual({ fromMe: true, chatId: "14155550123@c.us", id: "X" });
  });

  it("are null without a chat or an id", () => {
    expect(toMessageKey({ id: "X" })).toBeNull();
    expect(toMessageKey({ remoteJid: "1@s.whatsapp.net" })).toBeNull();
  });
});

describe("toRawJson", () => {
  it("encodes bytes as BufferJSON, Longs as numbers, drops undefined", () => {
    expect(
      toRawJson({
        a: Buffer.from("hi"),
        b: { low: 5, high: 1, unsigned: true },
        c: undefined,
        d: [new Uint8Array([1])],
      }),
    ).toEqual({
      a: { type: "Buffer", data: "aGk=" },
      b: 4294967301,
      d: [{ type: "Buffer", data: "AQ==" }],
    });
  });
});
