import { describe, expect, it } from "vitest";
import { ALICE, byName, context, messages } from "../../test/event-map-fixtures.ts";
import { loadFixture } from "../../test/fixtures.ts";
import { mapBaileysBatch } from "./events.ts";

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
