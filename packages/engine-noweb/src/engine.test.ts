import { CAPABILITY_KEYS, CAPABILITY_METHODS, isWaError, type StoredMessage } from "@wa/core";
import { describe, expect, it, vi } from "vitest";
import { boom, createFakeSocketFactory } from "../test/fake-socket.ts";
import {
  createMemoryAuthStore,
  createRecordingContext,
  statusesOf,
} from "../test/memory-context.ts";
import { CREDS_KEY } from "./auth-state.ts";
import { createEngine, createNowebEngine } from "./engine.ts";

const ALICE = "14155550123@s.whatsapp.net";

async function started(
  options: { reconnect?: { baseMs: number; maxMs: number } } = {},
  authState = createMemoryAuthStore(),
) {
  const fake = createFakeSocketFactory();
  const engine = createNowebEngine({
    socketFactory: fake.factory,
    reconnect: options.reconnect ?? { baseMs: 1, maxMs: 5 },
  });
  const ctx = createRecordingContext(authState);
  await engine.start(ctx);
  return { engine, ctx, fake };
}

const until = (check: () => void) => vi.waitFor(check, { timeout: 2000, interval: 5 });

const lastMessage = (id = "3EB0LAST"): StoredMessage => ({
  key: { fromMe: false, chatId: "14155550123@c.us", id },
  timestamp: 1764140000,
  ack: 2,
  kind: "text",
  message: {} as StoredMessage["message"],
});

describe("capabilities", () => {
  it("are complete, and a flag is true iff the method exists", () => {
    const engine = createNowebEngine({});
    for (const key of CAPABILITY_KEYS) {
      expect(typeof engine[CAPABILITY_METHODS[key]] === "function").toBe(engine.capabilities[key]);
    }
    expect(engine.info).toMatchObject({ name: "noweb", library: "baileys" });
    expect(createEngine).toBe(createNowebEngine);
  });
});

describe("status mapping and reconnect policy", () => {
  it("goes STARTING → SCAN_QR_CODE (with the qr) → WORKING (with me)", async () => {
    const { ctx, fake } = await started();
    fake.last().emit("connection.update", { qr: "2@ref,noise,identity,adv" });
    fake.last().open();
    await until(() =>
      expect(statusesOf(ctx.events)).toEqual(["STARTING", "SCAN_QR_CODE", "WORKING"]),
    );
    expect(ctx.events).toContainEqual({
      type: "session.status",
      status: "SCAN_QR_CODE",
      qr: "2@ref,noise,identity,adv",
    });
    expect(ctx.events.at(-1)).toEqual({
      type: "session.status",
      status: "WORKING",
      me: {
        id: "14155550100@c.us",
        pushName: "Me",
        jid: "14155550100@s.whatsapp.net",
        lid: "99887766@lid",
      },
    });
  });

  it("passes the connection settings and auth to Baileys", async () => {
    const fake = createFakeSocketFactory();
    const engine = createNowebEngine({
      socketFactory: fake.factory,
      waWebSocketUrl: "ws://127.0.0.1:1/ws/chat",
      markOnlineOnConnect: false,
      browser: ["a", "b", "c"],
    });
    await engine.start(createRecordingContext());
    expect(fake.last().config).toMatchObject({
      waWebSocketUrl: "ws://127.0.0.1:1/ws/chat",
      markOnlineOnConnect: false,
      browser: ["a", "b", "c"],
      syncFullHistory: false,
    });
    expect(
      (fake.last().config.auth as { creds: { noiseKey: unknown } }).creds.noiseKey,
    ).toBeDefined();
  });

  it("restarts at once after pairing (515) without failing", async () => {
    const { ctx, fake } = await started();
    fake.last().emit("connection.update", { qr: "qr" });
    await fake.last().end(boom("Stream Errored (restart required)", 515));
    await until(() => expect(fake.sockets).toHaveLength(2));
    fake.last().open();
    await until(() => expect(statusesOf(ctx.events).at(-1)).toBe("WORKING"));
    expect(statusesOf(ctx.events)).not.toContain("FAILED");
  });

  it("reconnects with backoff after a lost connection", async () => {
    const { ctx, fake } = await started();
    fake.last().open();
    await fake.last().end(boom("Connection was lost", 408));
    await until(() => expect(fake.sockets).toHaveLength(2));
    fake.last().open();
    await until(() =>
      expect(statusesOf(ctx.events)).toEqual(["STARTING", "WORKING", "STARTING", "WORKING"]),
    );
  });

  it("fails and clears credentials when logged out (401)", async () => {
    const store = createMemoryAuthStore();
    const { ctx, fake } = await started({}, store);
    fake.last().emit("creds.update", {});
    fake.last().open();
    await until(() => expect(store.size()).toBeGreaterThan(0));
    await fake.last().end(boom("Stream Errored (conflict)", 401));
    await until(() => expect(statusesOf(ctx.events).at(-1)).toBe("FAILED"));
    expect(store.size()).toBe(0);
    expect(fake.sockets).toHaveLength(1);
    expect(ctx.events.at(-1)).toMatchObject({ reason: expect.stringContaining("logged out") });
  });

  it("fails when the QR is never scanned", async () => {
    const { ctx, fake } = await started();
    fake.last().emit("connection.update", { qr: "qr" });
    await fake.last().end(boom("QR refs attempts ended", 408));
    await until(() => expect(statusesOf(ctx.events).at(-1)).toBe("FAILED"));
    expect(fake.sockets).toHaveLength(1);
  });

  it("stop() closes without reconnecting", async () => {
    const { engine, ctx, fake } = await started();
    fake.last().open();
    await engine.stop();
    expect(fake.last().calls.map((c) => c.method)).toContain("end");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.sockets).toHaveLength(1);
    expect(statusesOf(ctx.events).at(-1)).toBe("STOPPED");
  });

  it("logout() unlinks the device and forgets the credentials", async () => {
    const store = createMemoryAuthStore();
    const { engine, ctx, fake } = await started({}, store);
    fake.last().emit("creds.update", {});
    fake.last().open();
    await until(() => expect(statusesOf(ctx.events).at(-1)).toBe("WORKING"));
    await engine.logout();
    expect(fake.last().calls.map((c) => c.method)).toContain("logout");
    expect(store.size()).toBe(0);
    expect(fake.sockets).toHaveLength(1);
    expect(ctx.events.at(-1)).toEqual({
      type: "session.status",
      status: "FAILED",
      reason: "logged out",
    });
  });

  it("persists creds so a restart reuses them (no new QR)", async () => {
    const store = createMemoryAuthStore();
    const first = await started({}, store);
    first.fake.last().emit("creds.update", { me: { id: "14155550100:7@s.whatsapp.net" } });
    await until(() => expect(store.setManyCalls.length).toBeGreaterThan(0));
    const saved = JSON.parse((await store.get(CREDS_KEY)) ?? "{}");
    await first.engine.stop();

    const second = await started({}, store);
    const creds = (second.fake.last().config.auth as { creds: { noiseKey: { public: Buffer } } })
      .creds;
    expect(Buffer.from(creds.noiseKey.public).toString("base64")).toBe(saved.noiseKey.public.data);
  });
});

describe("event handling", () => {
  it("applies events in order even when the store is slow, and survives a failing emit", async () => {
    const { ctx, fake } = await started();
    const record = ctx.emit;
    ctx.emit = async (event) => {
      const body = event.type === "message.upsert" ? event.messages[0]?.message.body : undefined;
      if (body === "lost") throw new Error("store down");
      if (body === "slow") await new Promise((resolve) => setTimeout(resolve, 20));
      await record(event);
    };
    const text = (id: string, body: string) => ({
      key: { remoteJid: ALICE, fromMe: false, id },
      messageTimestamp: 1,
      message: { conversation: body },
    });
    fake.last().emit("messages.upsert", { type: "notify", messages: [text("A", "lost")] });
    fake.last().emit("messages.upsert", { type: "notify", messages: [text("B", "slow")] });
    fake.last().emit("messages.upsert", { type: "notify", messages: [text("C", "fast")] });
    await until(() => expect(ctx.stored.size).toBe(2));
    const bodies = ctx.events.flatMap((e) =>
      e.type === "message.upsert" ? e.messages.map((m) => m.message.body) : [],
    );
    expect(bodies).toEqual(["slow", "fast"]);
  });

  it("never lowers an ack", async () => {
    const { ctx, fake } = await started();
    const key = { remoteJid: ALICE, fromMe: true, id: "M1" };
    fake.last().emit("messages.upsert", {
      type: "append",
      messages: [{ key, messageTimestamp: 1, status: 4, message: { conversation: "x" } }],
    });
    fake.last().emit("messages.update", [{ key, update: { status: 3 } }]);
    fake.last().emit("messages.update", [{ key, update: { status: 5 } }]);
    await until(() => expect(ctx.events.filter((e) => e.type === "message.ack")).toHaveLength(1));
    expect(ctx.events.find((e) => e.type === "message.ack")).toMatchObject({ ack: 4 });
  });
});

describe("commands", () => {
  async function working() {
    const setup = await started();
    setup.fake.last().open();
    await until(() => expect(statusesOf(setup.ctx.events).at(-1)).toBe("WORKING"));
    return { ...setup, sock: setup.fake.last() };
  }

  it("refuse to run before the session is WORKING", async () => {
    const { engine } = await started();
    const error = await engine
      .archiveChat?.("1@c.us", true, lastMessage())
      .catch((e: unknown) => e);
    expect(isWaError(error) && error.code).toBe("WA_ENGINE_NOT_CONNECTED");
  });

  it("archive / unread / delete / clear anchor on the newest stored message", async () => {
    const { engine, sock, ctx } = await working();
    await engine.archiveChat?.("14155550123@c.us", true, lastMessage());
    await engine.markChatUnread?.("14155550123@c.us", lastMessage());
    await engine.deleteChat?.("14155550123@c.us", lastMessage());
    await engine.clearMessages?.("14155550123@c.us", lastMessage());
    const lastMessages = [
      { key: { remoteJid: ALICE, fromMe: false, id: "3EB0LAST" }, messageTimestamp: 1764140000 },
    ];
    expect(sock.calls.filter((c) => c.method === "chatModify").map((c) => c.args)).toEqual([
      [{ archive: true, lastMessages }, ALICE],
      [{ markRead: false, lastMessages }, ALICE],
      [{ delete: true, lastMessages }, ALICE],
      [{ clear: true, lastMessages }, ALICE],
    ]);
    await until(() =>
      expect(ctx.events).toContainEqual({ type: "chat.clear", chatId: "14155550123@c.us" }),
    );
  });

  it("throw WA_NO_RECENT_MESSAGE without a stored message", async () => {
    const { engine, sock } = await working();
    const error = await engine
      .archiveChat?.("14155550123@c.us", true, null)
      .catch((e: unknown) => e);
    expect(isWaError(error) && error.code).toBe("WA_NO_RECENT_MESSAGE");
    expect(sock.calls.some((c) => c.method === "chatModify")).toBe(false);
  });

  it("map Baileys failures through toWaError", async () => {
    const { engine, sock } = await working();
    sock.override("chatModify", () => {
      throw boom("Timed Out", 408);
    });
    const error = await engine
      .archiveChat?.("14155550123@c.us", false, lastMessage())
      .catch((e: unknown) => e);
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

  it("sendText returns the stored message, and its upsert counts as source api", async () => {
    const { engine, sock, ctx } = await working();
    const sent = await engine.sendText("14155550123@c.us", "hi there");
    expect(sent.message).toMatchObject({
      body: "hi there",
      fromMe: true,
      source: "api",
      ack: 0,
      from: "14155550123@c.us",
    });
    const sendCall = sock.calls.find((c) => c.method === "sendMessage");
    const [, , options] = (sendCall?.args ?? []) as [string, unknown, { messageId: string }];
    expect(sent.key.id).toBe(options.messageId);
    sock.emit("messages.upsert", {
      type: "append",
      messages: [
        {
          key: { remoteJid: ALICE, fromMe: true, id: options.messageId },
          messageTimestamp: 2,
          message: { conversation: "hi there" },
        },
      ],
    });
    await until(() => expect(ctx.stored.size).toBe(1));
    expect([...ctx.stored.values()][0]?.message.source).toBe("api");
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
