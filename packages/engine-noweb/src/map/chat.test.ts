/** @module Chat mappers over history-sync conversation fixtures, patches and side events. */
import type { Chat as BaileysChat } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { loadFixture } from "../../test/fixtures.ts";
import { chatSideEvents, toChat, toChatPatch } from "./chat.ts";
import { lidMappingsOfKeyWrite } from "./contact.ts";

const cases =
  loadFixture<Array<{ name: string; raw: BaileysChat; expected: Record<string, unknown> }>>(
    "chats.json",
  );

describe("toChat over history-sync conversations", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const chat = toChat(c.raw);
    if (!chat) throw new Error("expected a chat");
    expect(chat).toMatchObject(c.expected);
    // raw keeps Baileys' JID and drops the embedded messages.
    expect((chat.raw as { id: string }).id).toBe(c.raw.id);
    expect(chat.raw).not.toHaveProperty("messages");
  });

  it("is null without an id", () => {
    expect(toChat({} as BaileysChat)).toBeNull();
  });
});

describe("toChatPatch", () => {
  it.each([
    // The archive action itself is stored by its chat.archive side event, which knows if it is news.
    ["archive", { id: "1@s.whatsapp.net", archived: true }, { id: "1@c.us" }],
    [
      "a new message's unarchive",
      { id: "1@s.whatsapp.net", archived: false, messages: [{}] },
      { id: "1@c.us", archived: false },
    ],
    ["mark unread", { id: "1@s.whatsapp.net", unreadCount: -1 }, { id: "1@c.us", unreadCount: -1 }],
    ["unpin (null)", { id: "1@g.us", pinned: null }, { id: "1@g.us", pinned: false }],
    ["pin", { id: "1@g.us", pinned: 1764000000 }, { id: "1@g.us", pinned: true }],
    ["mark read", { id: "1@s.whatsapp.net", unreadCount: 0 }, { id: "1@c.us", unreadCount: 0 }],
    [
      "a new message: its delta count and time are the store's job",
      { id: "1@s.whatsapp.net", conversationTimestamp: 99, unreadCount: 1, messages: [{}] },
      { id: "1@c.us" },
    ],
    [
      "a summed delta without messages is still no absolute count",
      { id: "1@s.whatsapp.net", unreadCount: 3 },
      { id: "1@c.us" },
    ],
    [
      "a timestamp not derived from a message",
      { id: "1@s.whatsapp.net", conversationTimestamp: 99 },
      { id: "1@c.us", conversationTimestamp: 99 },
    ],
    ["only the id", { id: "1@s.whatsapp.net" }, { id: "1@c.us" }],
  ] as const)("%s", (_name, update, expected) => {
    expect(toChatPatch(update as never)).toEqual(expected);
  });
});

describe("chatSideEvents", () => {
  it("emits chat.archive and chat.unread for the fields present", () => {
    expect(
      chatSideEvents({ id: "1@s.whatsapp.net", archived: false, unreadCount: 0 }, 123),
    ).toEqual([
      { type: "chat.archive", chatId: "1@c.us", archived: false, timestamp: 123 },
      { type: "chat.unread", chatId: "1@c.us", unreadCount: 0 },
    ]);
    expect(chatSideEvents({ id: "1@s.whatsapp.net", name: "x" }, 1)).toEqual([]);
  });

  it("emits nothing for a new message's unarchive and unread delta", () => {
    const update = { id: "1@s.whatsapp.net", archived: false, unreadCount: 1, messages: [] };
    expect(chatSideEvents(update as never, 1)).toEqual([]);
  });

  // Regression: NOWEB emitted chat.archive twice per API archive (command + Baileys' echo).
  it("emits no chat.archive for the echo of our own archive command", () => {
    const echoes = new Set(["1@c.us:true"]);
    const isEcho = (chatId: string, archived: boolean) => echoes.delete(`${chatId}:${archived}`);
    const update = { id: "1@s.whatsapp.net", archived: true };
    expect(chatSideEvents(update, 5, isEcho)).toEqual([]);
    expect(chatSideEvents(update, 6, isEcho)).toEqual([
      { type: "chat.archive", chatId: "1@c.us", archived: true, timestamp: 6 },
    ]);
  });
});

describe("lidMappingsOfKeyWrite", () => {
  it("reads PN → LID pairs from Baileys' lid-mapping key writes, skipping reverse twins and deletes", () => {
    expect(
      lidMappingsOfKeyWrite({
        "lid-mapping": {
          "14155550123": "204951368376482",
          "204951368376482_reverse": "14155550123",
          "1": null,
        },
      }),
    ).toEqual([{ lid: "204951368376482@lid", pn: "14155550123@c.us" }]);
    expect(lidMappingsOfKeyWrite({})).toEqual([]);
  });
});
