/** @module Baileys events → domain events: history, upserts, updates, receipts, deletes, chats, contacts, dedupe. */
import type { WAMessage as BaileysMessage } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { loadFixture } from "../../test/fixtures.ts";
import { createSeenSet } from "../sent-ids.ts";
import { type EventMapContext, mapBaileysBatch } from "./events.ts";

const messages = loadFixture<Array<{ name: string; raw: BaileysMessage }>>("messages.json");
const byName = (name: string) => {
  const found = messages.find((m) => m.name === name);
  if (!found) throw new Error(`no fixture ${name}`);
  return found.raw;
};
const ALICE = "14155550123@s.whatsapp.net";

const context = (over: Partial<EventMapContext> = {}): EventMapContext => ({
  sentByApi: () => false,
  nowSeconds: () => 1_000,
  seen: createSeenSet(),
  ...over,
});

describe("messaging-history.set", () => {
  it("becomes one history.batch of real messages, then the effects it carried", () => {
    const chats = loadFixture<Array<{ raw: unknown }>>("chats.json").map((c) => c.raw);
    const events = mapBaileysBatch(
      {
        "messaging-history.set": {
          chats: chats as never,
          contacts: [
            { id: ALICE, notify: "Alice" },
            { id: "14155550124@s.whatsapp.net", name: "Bob B." },
          ],
          messages: messages.map((m) => m.raw),
          lidPnMappings: [{ lid: "204951368376482@lid", pn: ALICE }],
          progress: 40,
          isLatest: false,
        },
      },
      context(),
    );
    const [batch, ...effects] = events;
    if (batch?.type !== "history.batch") throw new Error("expected a history batch first");
    expect(batch.chats).toHaveLength(chats.length);
    expect(batch.messages.map((m) => m.kind)).not.toContain("reaction");
    expect(
      batch.messages.every((m) =>
        ["text", "media", "location", "contact", "poll", "other"].includes(m.kind),
      ),
    ).toBe(true);
    // 18 fixtures: 3 effects and 2 stubs are not stored.
    expect(batch.messages).toHaveLength(messages.length - 5);
    expect(batch.contacts).toEqual([
      expect.objectContaining({ id: "14155550123@c.us", pushName: "Alice" }),
      expect.objectContaining({ id: "14155550124@c.us", name: "Bob B." }),
    ]);
    expect(batch.lidMappings).toEqual([{ lid: "204951368376482@lid", pn: "14155550123@c.us" }]);
    expect(batch).toMatchObject({ progress: 40, isLatest: false });
    expect(effects.map((e) => e.type)).toEqual([
      "message.reaction",
      "message.revoke",
      "message.edit",
    ]);
  });
});

describe("messages.upsert", () => {
  it("upserts real messages with notify for live ones", () => {
    const [event] = mapBaileysBatch(
      { "messages.upsert": { type: "notify", messages: [byName("incoming text in a DM")] } },
      context(),
    );
    expect(event).toMatchObject({
      type: "message.upsert",
      notify: true,
      messages: [{ kind: "text", message: { body: "hello" } }],
    });
  });

  it("marks own messages sent through the API as source api", () => {
    const raw = byName("own text read by the contact (status 4)");
    const [event] = mapBaileysBatch(
      { "messages.upsert": { type: "append", messages: [raw] } },
      context({ sentByApi: (id) => id === raw.key.id }),
    );
    expect(event).toMatchObject({
      type: "message.upsert",
      notify: false,
      messages: [{ message: { source: "api" } }],
    });
  });

  it("turns a reaction into message.reaction only once, whichever Baileys event shows it first", () => {
    const ctx = context();
    const raw = byName("reaction to my message");
    const fromUpsert = mapBaileysBatch(
      { "messages.upsert": { type: "notify", messages: [raw] } },
      ctx,
    );
    const reaction = raw.message?.reactionMessage;
    const fromReactionEvent = mapBaileysBatch(
      {
        "messages.reaction": [
          { key: reaction?.key ?? {}, reaction: { ...reaction, key: raw.key } },
        ],
      },
      ctx,
    );
    expect(fromUpsert.map((e) => e.type)).toEqual(["message.reaction"]);
    expect(fromReactionEvent).toEqual([]);
  });

  it("counts incoming messages queued while offline (append) as news, not own or requested ones", () => {
    const incoming = byName("incoming text in a DM");
    const own = byName("own text read by the contact (status 4)");
    const events = mapBaileysBatch(
      { "messages.upsert": { type: "append", messages: [incoming, own] } },
      context(),
    );
    expect(
      events.map((e) => e.type === "message.upsert" && [e.notify, e.messages.map((m) => m.key.id)]),
    ).toEqual([
      [true, [incoming.key.id]],
      [false, [own.key.id]],
    ]);
    const requested = mapBaileysBatch(
      { "messages.upsert": { type: "append", requestId: "R1", messages: [incoming] } },
      context(),
    );
    expect(requested).toMatchObject([{ type: "message.upsert", notify: false }]);
  });

  it("ignores upsert types other than notify and append", () => {
    expect(
      mapBaileysBatch(
        {
          "messages.upsert": {
            type: "other" as never,
            messages: [byName("incoming text in a DM")],
          },
        },
        context(),
      ),
    ).toEqual([]);
  });
});

describe("messages.update", () => {
  const key = { remoteJid: ALICE, fromMe: true, id: "3EB0FFEE0011223344" };

  it("maps a status to message.ack (Baileys status − 1)", () => {
    expect(
      mapBaileysBatch({ "messages.update": [{ key, update: { status: 4 } }] }, context()),
    ).toEqual([
      {
        type: "message.ack",
        key: { fromMe: true, chatId: "14155550123@c.us", id: key.id },
        ack: 3,
      },
    ]);
  });

  it("maps Baileys' own revoke update once, deduplicated against the raw protocol message", () => {
    const ctx = context();
    const revokeRaw = byName("protocol revoke of the contact's message");
    const first = mapBaileysBatch(
      { "messages.upsert": { type: "notify", messages: [revokeRaw] } },
      ctx,
    );
    const targetKey = { ...revokeRaw.key, id: "3EB0C0FFEE00000001" };
    const second = mapBaileysBatch(
      {
        "messages.update": [
          { key: targetKey, update: { message: null, messageStubType: 1, key: revokeRaw.key } },
        ],
      },
      ctx,
    );
    expect(first.map((e) => e.type)).toEqual(["message.revoke"]);
    expect(second).toEqual([]);
  });

  it("maps Baileys' edit update to message.edit with the new text", () => {
    const events = mapBaileysBatch(
      {
        "messages.update": [
          {
            key,
            update: {
              message: { editedMessage: { message: { conversation: "new text" } } },
              messageTimestamp: 77,
            },
          },
        ],
      },
      context(),
    );
    expect(events).toEqual([
      {
        type: "message.edit",
        key: { fromMe: true, chatId: "14155550123@c.us", id: key.id },
        body: "new text",
        timestamp: 77,
      },
    ]);
  });
});

describe("receipts, deletes, chats, contacts, lid mappings", () => {
  it("maps group receipts per reader: played > read > delivered(SERVER)", () => {
    const key = { remoteJid: "1-2@g.us", fromMe: true, id: "M" };
    const events = mapBaileysBatch(
      {
        "message-receipt.update": [
          { key, receipt: { userJid: "5@s.whatsapp.net", readTimestamp: 5 } },
          { key, receipt: { userJid: "6@s.whatsapp.net", receiptTimestamp: 4 } },
          { key, receipt: { userJid: "7@s.whatsapp.net", playedTimestamp: 6, readTimestamp: 5 } },
        ],
      },
      context(),
    );
    expect(
      events.map((e) => [
        e.type === "message.ack" && e.participant,
        e.type === "message.ack" && e.ack,
      ]),
    ).toEqual([
      ["5@c.us", 3],
      ["6@c.us", 1],
      ["7@c.us", 4],
    ]);
  });

  it("maps deletes for me and whole-chat clears", () => {
    expect(
      mapBaileysBatch(
        { "messages.delete": { keys: [{ remoteJid: ALICE, id: "A", fromMe: false }] } },
        context(),
      ),
    ).toEqual([
      { type: "message.delete", keys: [{ fromMe: false, chatId: "14155550123@c.us", id: "A" }] },
    ]);
    expect(mapBaileysBatch({ "messages.delete": { jid: ALICE, all: true } }, context())).toEqual([
      { type: "chat.clear", chatId: "14155550123@c.us" },
    ]);
  });

  it("maps chat updates to a patch plus archive / unread events, and chat deletes", () => {
    const events = mapBaileysBatch(
      { "chats.update": [{ id: ALICE, archived: true }], "chats.delete": [ALICE] },
      context(),
    );
    expect(events).toEqual([
      { type: "chat.update", patches: [{ id: "14155550123@c.us", archived: true }] },
      { type: "chat.archive", chatId: "14155550123@c.us", archived: true, timestamp: 1000 },
      { type: "chat.delete", chatId: "14155550123@c.us" },
    ]);
  });

  it("maps contacts and LID mappings", () => {
    const events = mapBaileysBatch(
      {
        "contacts.update": [{ id: ALICE, notify: "Ally" }],
        "lid-mapping.update": { lid: "9@lid", pn: ALICE },
      },
      context(),
    );
    expect(events).toEqual([
      {
        type: "contact.upsert",
        contacts: [
          { id: "14155550123@c.us", pushName: "Ally", raw: { id: ALICE, notify: "Ally" } },
        ],
      },
      { type: "lid.mapping", mappings: [{ lid: "9@lid", pn: "14155550123@c.us" }] },
    ]);
  });

  it("applies one batch in a fixed order: history, chats, contacts, messages, deletes", () => {
    const events = mapBaileysBatch(
      {
        "chats.delete": ["1@s.whatsapp.net"],
        "messages.upsert": { type: "notify", messages: [byName("incoming text in a DM")] },
        "chats.upsert": [{ id: ALICE }],
        "messaging-history.set": { chats: [], contacts: [], messages: [] },
      },
      context(),
    );
    expect(events.map((e) => e.type)).toEqual([
      "history.batch",
      "chat.upsert",
      "message.upsert",
      "chat.delete",
    ]);
  });
});

describe("history chat activity", () => {
  it("raises a stale conversationTimestamp to the chat's newest message in the chunk", () => {
    const [batch] = mapBaileysBatch(
      {
        "messaging-history.set": {
          chats: [{ id: ALICE, conversationTimestamp: 5 }],
          contacts: [],
          messages: [
            {
              key: { remoteJid: ALICE, fromMe: false, id: "A" },
              messageTimestamp: 9,
              message: { conversation: "a" },
            },
            {
              key: { remoteJid: ALICE, fromMe: false, id: "B" },
              messageTimestamp: 7,
              message: { conversation: "b" },
            },
          ],
        },
      },
      context(),
    );
    expect(batch?.type === "history.batch" && batch.chats[0]?.conversationTimestamp).toBe(9);
  });
});

describe("empty payloads", () => {
  it("emit nothing", () => {
    expect(
      mapBaileysBatch(
        {
          "chats.upsert": [],
          "contacts.upsert": [{ notify: "no id" } as never],
          "messages.delete": { keys: [] },
        },
        context(),
      ),
    ).toEqual([]);
  });
});

describe("resilience", () => {
  it("skips a malformed message and keeps the rest of the chunk, reporting the failure", () => {
    const failures: string[] = [];
    const poisoned = {
      key: { remoteJid: ALICE, fromMe: false, id: "BAD" },
      messageTimestamp: 1,
      get message(): never {
        throw new Error("corrupt protobuf");
      },
    } as unknown as BaileysMessage;
    const events = mapBaileysBatch(
      {
        "messages.upsert": {
          type: "notify",
          messages: [poisoned, byName("incoming text in a DM")],
        },
        "chats.update": [
          {
            get id(): string {
              throw new Error("corrupt chat");
            },
          },
        ],
      },
      context({ onMapError: (_error, what) => failures.push(what) }),
    );
    expect(events).toMatchObject([
      { type: "message.upsert", messages: [{ message: { body: "hello" } }] },
    ]);
    expect(failures).toEqual(
      ["chats.update", "message BAD"].sort().reverse().length ? failures : [],
    );
    expect(failures.sort()).toEqual(["chats.update", "message BAD"]);
  });
});
