import type { DomainEvent, StoredMessage } from "@wa/core";
import { describe, expect, it } from "vitest";
import { chatsTouchedBy } from "./touched-chats.ts";

const A = "1@c.us";
const G = "2-3@g.us";
const LID = "4@lid";
const key = (chatId: string, id = "X") => ({ fromMe: false, chatId, id });
const message = (chatId: string) => ({ key: key(chatId) }) as StoredMessage;

describe("chatsTouchedBy", () => {
  it("names the chats of chat and message events, each once", () => {
    const events: DomainEvent[] = [
      { type: "message.upsert", messages: [message(A), message(G), message(A)], notify: true },
      { type: "message.ack", key: key(A), ack: 3 },
      { type: "message.reaction", target: key(G), reaction: { from: A, text: "x" } as never },
      { type: "chat.archive", chatId: A, archived: true, timestamp: 1 },
      { type: "chat.update", patches: [{ id: G, unreadCount: 0 }] },
      { type: "message.delete", keys: [key(A)] },
    ];
    expect(chatsTouchedBy(events)?.sort()).toEqual([A, G].sort());
  });

  it("contacts and session status touch no chat", () => {
    expect(
      chatsTouchedBy([
        { type: "contact.upsert", contacts: [{ id: A, name: "A" }] },
        { type: "session.status", status: "WORKING" },
      ]),
    ).toEqual([]);
  });

  it("answers the whole session for LID chats, LID mappings, unknown events and huge writes", () => {
    expect(chatsTouchedBy([{ type: "chat.clear", chatId: LID }])).toBeUndefined();
    expect(
      chatsTouchedBy([{ type: "lid.mapping", mappings: [{ lid: LID, pn: A }] }]),
    ).toBeUndefined();
    expect(
      chatsTouchedBy([
        {
          type: "history.batch",
          chats: [],
          messages: [],
          contacts: [],
          lidMappings: [{ lid: LID, pn: A }],
        },
      ]),
    ).toBeUndefined();
    expect(chatsTouchedBy([{ type: "something.new" } as unknown as DomainEvent])).toBeUndefined();
    const many = Array.from({ length: 1000 }, (_, i) => message(`${i}@c.us`));
    expect(
      chatsTouchedBy([{ type: "message.upsert", messages: many, notify: false }]),
    ).toBeUndefined();
  });
});
