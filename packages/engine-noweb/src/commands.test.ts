/** @module NOWEB commands over a fake socket: the Baileys calls, anchors, not-found and not-connected errors. */
import { buildMessageId, isWaError } from "@wa/core";
import { describe, expect, it } from "vitest";
import { ALICE, lastMessage, started, until } from "../test/engine-harness.ts";
import { boom } from "../test/fake-socket.ts";
import { statusesOf } from "../test/memory-context.ts";

describe("commands", () => {
  /** A WORKING engine; `anchored` stores Alice's newest message, which chat changes anchor on. */
  async function working({ anchored = false } = {}) {
    const setup = await started();
    if (anchored) setup.ctx.stored.set(buildMessageId(lastMessage().key), lastMessage());
    setup.fake.last().open();
    await until(() => expect(statusesOf(setup.ctx.events).at(-1)).toBe("WORKING"));
    return { ...setup, sock: setup.fake.last() };
  }

  it("refuse to run before the session is WORKING", async () => {
    const { engine } = await started();
    const error = await engine.archiveChat?.("1@c.us", true).catch((e: unknown) => e);
    expect(isWaError(error) && error.code).toBe("WA_ENGINE_NOT_CONNECTED");
  });

  it("archive / unread / delete / clear anchor on the newest stored message, from the port", async () => {
    const { engine, sock, ctx } = await working({ anchored: true });
    await engine.archiveChat?.("14155550123@c.us", true);
    await engine.markChatUnread?.("14155550123@c.us");
    await engine.deleteChat?.("14155550123@c.us");
    await engine.clearMessages?.("14155550123@c.us");
    const lastMessages = [
      { key: { remoteJid: ALICE, fromMe: false, id: "3EB0LAST" }, messageTimestamp: 1764140000 },
    ];
    expect(sock.calls.filter((c) => c.method === "chatModify").map((c) => c.args)).toEqual([
      [{ archive: true, lastMessages }, ALICE],
      [{ markRead: false, lastMessages }, ALICE],
      [{ delete: true, lastMessages }, ALICE],
      [{ clear: true, lastMessages }, ALICE],
    ]);
    // Emitted by the commands themselves (read-your-writes), not left to Baileys' echo.
    const chatId = "14155550123@c.us";
    const changes = ctx.events.filter((e) => e.type.startsWith("chat."));
    expect(changes).toEqual([
      { type: "chat.archive", chatId, archived: true, timestamp: expect.any(Number) },
      { type: "chat.unread", chatId, unreadCount: -1 },
      { type: "chat.delete", chatId },
      { type: "chat.clear", chatId },
    ]);
  });

  it("emit no chat change when WhatsApp refused the patch", async () => {
    const { engine, sock, ctx } = await working({ anchored: true });
    sock.override("chatModify", () => {
      throw boom("Timed Out", 408);
    });
    await engine.archiveChat?.("14155550123@c.us", true).catch(() => undefined);
    expect(ctx.events.filter((e) => e.type === "chat.archive")).toEqual([]);
  });

  // Regression: the store failure was logged and the command answered success (readiness §B).
  it("fail when the store cannot take the change, instead of a silent success", async () => {
    const { engine, ctx } = await working({ anchored: true });
    const emit = ctx.emit.bind(ctx);
    ctx.emit = async (event) => {
      if (event.type.startsWith("chat.")) throw new Error("disk full");
      return emit(event);
    };
    for (const run of [
      () => engine.archiveChat?.("14155550123@c.us", true),
      () => engine.markChatUnread?.("14155550123@c.us"),
      () => engine.deleteChat?.("14155550123@c.us"),
      () => engine.clearMessages?.("14155550123@c.us"),
    ]) {
      await expect(run()).rejects.toThrow(/disk full/);
    }
  });

  it("throw WA_NO_RECENT_MESSAGE without a stored message", async () => {
    const { engine, sock } = await working();
    const error = await engine.archiveChat?.("14155550123@c.us", true).catch((e: unknown) => e);
    expect(isWaError(error) && error.code).toBe("WA_NO_RECENT_MESSAGE");
    expect(sock.calls.some((c) => c.method === "chatModify")).toBe(false);
  });

  it("map Baileys failures through toWaError", async () => {
    const { engine, sock } = await working({ anchored: true });
    sock.override("chatModify", () => {
      throw boom("Timed Out", 408);
    });
    const error = await engine.archiveChat?.("14155550123@c.us", false).catch((e: unknown) => e);
    expect(isWaError(error) && error.code).toBe("WA_ENGINE_TIMEOUT");
  });

  it("read only incoming messages, and record them as READ", async () => {
    const { engine, sock, ctx } = await working();
    await engine.readMessages?.("14155550123@c.us", [
      { fromMe: false, chatId: "14155550123@c.us", id: "IN" },
      { fromMe: true, chatId: "14155550123@c.us", id: "OUT" },
    ]);
    await engine.sendSeen("14155550123@c.us", [
      { fromMe: true, chatId: "14155550123@c.us", id: "OUT" },
    ]);
    expect(sock.calls.filter((c) => c.method === "readMessages").map((c) => c.args)).toEqual([
      [[{ remoteJid: ALICE, fromMe: false, id: "IN" }]],
    ]);
    await until(() =>
      expect(ctx.events.filter((e) => e.type === "message.ack")).toEqual([
        {
          type: "message.ack",
          key: { fromMe: false, chatId: "14155550123@c.us", id: "IN" },
          ack: 3,
        },
      ]),
    );
  });

  it("pin, unpin, edit and delete send the Baileys content", async () => {
    const { engine, sock, ctx } = await working();
    const key = { fromMe: true, chatId: "14155550123@c.us", id: "T" };
    const bkey = { remoteJid: ALICE, fromMe: true, id: "T" };
    sock.emit("messages.upsert", {
      type: "append",
      messages: [{ key: bkey, messageTimestamp: 1, message: { conversation: "old" } }],
    });
    await until(() => expect(ctx.stored.size).toBe(1));
    await engine.pinMessage?.(key, 604800);
    await engine.pinMessage?.(key, null);
    await engine.editMessage?.(key, "new");
    await engine.deleteMessage?.(key);
    expect(sock.calls.filter((c) => c.method === "sendMessage").map((c) => c.args[1])).toEqual([
      { pin: bkey, type: 1, time: 604800 },
      { pin: bkey, type: 2 },
      { text: "new", edit: bkey },
      { delete: bkey },
    ]);
  });

  it("pin, edit and delete of an unknown message throw WA_MESSAGE_NOT_FOUND and send nothing", async () => {
    const { engine, sock } = await working();
    const key = { fromMe: true, chatId: "14155550123@c.us", id: "UNKNOWN" };
    for (const call of [
      engine.pinMessage?.(key, 86400),
      engine.editMessage?.(key, "x"),
      engine.deleteMessage?.(key),
    ]) {
      const error = await call?.catch((e: unknown) => e);
      expect(isWaError(error) && error.code).toBe("WA_MESSAGE_NOT_FOUND");
    }
    expect(sock.calls.some((c) => c.method === "sendMessage")).toBe(false);
  });

  it("sendSeen refuses before WORKING even with nothing to read", async () => {
    const { engine } = await started();
    const error = await engine
      .sendSeen("14155550123@c.us", [{ fromMe: true, chatId: "14155550123@c.us", id: "X" }])
      .catch((e: unknown) => e);
    expect(isWaError(error) && error.code).toBe("WA_ENGINE_NOT_CONNECTED");
  });

  it("sendText resolves once Baileys' own copy is stored (source api), upserted once", async () => {
    const { engine, sock, ctx } = await working();
    const pending = engine.sendText("14155550123@c.us", "hi there", {});
    await until(() => expect(sock.calls.some((c) => c.method === "sendMessage")).toBe(true));
    const sendCall = sock.calls.find((c) => c.method === "sendMessage");
    const [, , options] = (sendCall?.args ?? []) as [string, unknown, { messageId: string }];
    sock.emit("messages.upsert", {
      type: "append",
      messages: [
        {
          key: { remoteJid: ALICE, fromMe: true, id: options.messageId },
          messageTimestamp: 2,
          status: 1,
          message: { extendedTextMessage: { text: "hi there" } },
        },
      ],
    });
    const sent = await pending;
    expect(sent.key.id).toBe(options.messageId);
    expect(sent.message).toMatchObject({ body: "hi there", fromMe: true, source: "api", ack: 0 });
    // Stored before sendText resolved: a caller may edit it at once.
    expect(ctx.stored.get(sent.message.id)?.message.source).toBe("api");
    const upserts = ctx.events.filter(
      (e) => e.type === "message.upsert" && e.messages.some((m) => m.key.id === sent.key.id),
    );
    expect(upserts).toHaveLength(1);
  });

  it("without an echo from Baileys, a send emits its own message and effects, once", async () => {
    const { engine, sock, ctx } = await working();
    const sent = await engine.sendText("14155550123@c.us", "no echo");
    expect(ctx.stored.get(sent.message.id)?.message.body).toBe("no echo");

    const bkey = { remoteJid: ALICE, fromMe: true, id: "T2" };
    sock.emit("messages.upsert", {
      type: "append",
      messages: [{ key: bkey, messageTimestamp: 1, message: { conversation: "old" } }],
    });
    await until(() => expect(ctx.stored.size).toBe(2));
    await engine.deleteMessage?.({ fromMe: true, chatId: "14155550123@c.us", id: "T2" });
    expect(ctx.events.filter((e) => e.type === "message.revoke")).toHaveLength(1);
    // A late echo of the revoke changes nothing.
    const deleteCall = sock.calls.findLast((c) => c.method === "sendMessage");
    const [, , options] = (deleteCall?.args ?? []) as [string, unknown, { messageId: string }];
    sock.emit("messages.upsert", {
      type: "append",
      messages: [
        {
          key: { remoteJid: ALICE, fromMe: true, id: options.messageId },
          messageTimestamp: 3,
          message: { protocolMessage: { type: 0, key: bkey } },
        },
      ],
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ctx.events.filter((e) => e.type === "message.revoke")).toHaveLength(1);
  });

  it("getProfilePicture answers null for item-not-found and not-authorized", async () => {
    const { engine, sock } = await working();
    expect(await engine.getProfilePicture?.("14155550123@c.us")).toBe(
      "https://pps.example/pic.jpg",
    );
    sock.override("profilePictureUrl", () => {
      throw boom("item-not-found", 500, 404);
    });
    expect(await engine.getProfilePicture?.("14155550123@c.us")).toBeNull();
    sock.override("profilePictureUrl", () => {
      throw boom("not-authorized", 500, 401);
    });
    expect(await engine.getProfilePicture?.("14155550123@c.us")).toBeNull();
  });

  it("requestPairingCode works before login and strips non-digits", async () => {
    const { engine, fake } = await started();
    expect(await engine.requestPairingCode?.("+1 (415) 555-0100")).toBe("ABCD-1234");
    expect(fake.last().calls.find((c) => c.method === "requestPairingCode")?.args).toEqual([
      "14155550100",
    ]);
  });
});
