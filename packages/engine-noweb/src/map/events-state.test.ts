/** @module Baileys events → domain events: receipts, deletes, chats, contacts, LID mappings, chat activity, empty payloads, resilience. */
import type { WAMessage as BaileysMessage } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { ALICE, byName, context } from "../../test/event-map-fixtures.ts";
import { mapBaileysBatch } from "./events.ts";

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
      { type: "chat.update", patches: [{ id: "14155550123@c.us" }] },
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
