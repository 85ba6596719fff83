import { Ack, type StoredMessage } from "@wa/core";
import { describe, expect, it } from "vitest";
import { createRecordingContext } from "./context.ts";

const chatId = "15550001001@c.us";
const message = (id: string, timestamp: number, ack: number = Ack.DEVICE): StoredMessage => ({
  key: { fromMe: false, chatId, id },
  timestamp,
  ack,
  kind: "text",
  message: {
    id: `false_${chatId}_${id}`,
    timestamp,
    from: chatId,
    fromMe: false,
    source: "app",
    body: id,
    hasMedia: false,
    media: null,
    ack,
    ackName: "DEVICE",
    location: null,
    vCards: null,
    replyTo: null,
    _data: null,
  },
});

describe("createRecordingContext", () => {
  it("records events and answers lookups as a store would", async () => {
    const { context, events, messages } = createRecordingContext();
    await context.emit({
      type: "message.upsert",
      messages: [message("A", 10), message("B", 20)],
      notify: true,
    });
    await context.emit({
      type: "message.ack",
      key: { fromMe: false, chatId, id: "A" },
      ack: Ack.READ,
    });
    await context.emit({
      type: "message.ack",
      key: { fromMe: false, chatId, id: "A" },
      ack: Ack.SERVER,
    });
    await context.emit({
      type: "message.revoke",
      key: { fromMe: false, chatId, id: "B" },
      timestamp: 30,
    });
    expect(events).toHaveLength(4);
    const a = await messages.getMessage({ fromMe: false, chatId, id: "A" });
    expect([a?.ack, a?.message.ackName]).toEqual([Ack.READ, "READ"]);
    expect(await messages.getMessage({ fromMe: true, chatId, id: "A" })).toBeNull();
    expect((await messages.getNewestMessage(chatId))?.key.id).toBe("A");
    await context.emit({ type: "chat.clear", chatId });
    expect(await messages.getNewestMessage(chatId)).toBeNull();
  });

  it("shares an auth state between contexts", async () => {
    const first = createRecordingContext();
    await first.context.authState.setMany([
      ["creds", "{}"],
      ["key", "1"],
    ]);
    await first.context.authState.setMany([["key", null]]);
    const second = createRecordingContext({ authState: first.authState });
    expect(await second.context.authState.getMany(["creds", "key"])).toEqual(
      new Map([["creds", "{}"]]),
    );
  });
});
