import { Ack, isWaError } from "@wa/core";
import { afterEach, describe, expect, it } from "vitest";
import { ALICE, BOB, CONTRACT_SEED, DAVE, IDS } from "../contract/fixture.ts";
import { createRecordingContext } from "../recording/context.ts";
import { createMemoryEngine } from "./engine.ts";
import { clearMemoryWorlds, getMemoryWorld } from "./registry.ts";
import { createMemoryWorld, type MemoryWorld } from "./world.ts";

afterEach(() => clearMemoryWorlds());

async function pairedEngine(world: MemoryWorld = createMemoryWorld()) {
  await world.seedHistory(CONTRACT_SEED);
  const engine = createMemoryEngine({ world, autoPair: true });
  const recording = createRecordingContext();
  await engine.start(recording.context);
  return { world, engine, recording };
}

const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => "resolved",
    (error: unknown) => (isWaError(error) ? error.code : String(error)),
  );

describe("memory engine: lifecycle", () => {
  it("autoPair goes STARTING → WORKING with the world's account, then syncs history once", async () => {
    const { world, recording } = await pairedEngine();
    expect(recording.statuses()).toEqual(["STARTING", "WORKING"]);
    expect(recording.ofType("session.status")[1]?.me).toEqual(world.me);
    const [batch] = recording.ofType("history.batch");
    expect(batch?.isLatest).toBe(true);
    expect(batch?.chats.map((chat) => chat.id)).toEqual(CONTRACT_SEED.chats.map((chat) => chat.id));
  });

  it("does not sync history again on a restart with credentials", async () => {
    const { engine, recording } = await pairedEngine();
    await engine.stop();
    const again = createRecordingContext({ authState: recording.authState });
    await engine.start(again.context);
    expect(again.statuses()).toEqual(["STARTING", "WORKING"]);
    expect(again.ofType("history.batch")).toEqual([]);
  });

  it("delivers messages pushed while stopped after the restart", async () => {
    const { world, engine, recording } = await pairedEngine();
    await engine.stop();
    const { id } = await world.pushIncomingText(ALICE, "while you were away");
    const again = createRecordingContext({ authState: recording.authState });
    await engine.start(again.context);
    const upserts = again.ofType("message.upsert").flatMap((event) => event.messages);
    expect(upserts.map((message) => message.key.id)).toEqual([id]);
  });

  it("shows a new QR on every refresh; only the newest one pairs", async () => {
    const world = createMemoryWorld();
    const engine = createMemoryEngine({ world, qrRefreshMs: 5 });
    const recording = createRecordingContext();
    await engine.start(recording.context);
    const qrs = () => recording.ofType("session.status").flatMap((e) => (e.qr ? [e.qr] : []));
    await recording.waitForEvent("session.status", () => qrs().length >= 2);
    await engine.stop();
    const [first] = qrs();
    expect(new Set(qrs()).size).toBe(qrs().length);
    expect(await codeOf(world.scanQr(first as string))).toBe("WA_VALIDATION_FAILED");
  });

  it("uses the registry's world of the session when no world is given", async () => {
    const world = getMemoryWorld("sales");
    expect(getMemoryWorld("sales")).toBe(world);
    expect(getMemoryWorld("support")).not.toBe(world);
    const engine = createMemoryEngine();
    const recording = createRecordingContext({ session: "sales" });
    await engine.start(recording.context);
    await world.scanQr(world.currentQr() as string);
    expect(recording.statuses()).toEqual(["STARTING", "SCAN_QR_CODE", "WORKING"]);
    expect(engine.getInstance?.()).toBe(world);
  });

  it("refuses pairing codes once WORKING and for malformed numbers", async () => {
    const { engine } = await pairedEngine();
    expect(await codeOf(engine.requestPairingCode?.("15550000000") as Promise<string>)).toBe(
      "WA_SESSION_NOT_READY",
    );
    expect(await codeOf(engine.requestPairingCode?.("call me") as Promise<string>)).toBe(
      "WA_VALIDATION_FAILED",
    );
  });

  it("logout unlinks: FAILED with a reason, and the world shows no QR", async () => {
    const { world, engine, recording } = await pairedEngine();
    await engine.logout();
    expect(recording.ofType("session.status").at(-1)).toMatchObject({
      status: "FAILED",
      reason: "logged out",
    });
    expect(world.currentQr()).toBeNull();
    const emitted = recording.events.length;
    expect(await codeOf(engine.logout())).toBe("resolved");
    expect(recording.events.length).toBe(emitted);
  });

  it("logout before any start throws WA_ENGINE_NOT_CONNECTED", async () => {
    expect(await codeOf(createMemoryEngine().logout())).toBe("WA_ENGINE_NOT_CONNECTED");
  });

  it("a stop while pairing is in flight wins: the old flow never reports WORKING", async () => {
    const world = createMemoryWorld();
    const engine = createMemoryEngine({ world });
    const recording = createRecordingContext();
    await engine.start(recording.context);
    const scanning = world.scanQr(world.currentQr() as string);
    await engine.stop();
    await scanning;
    expect(recording.statuses()).toEqual(["STARTING", "SCAN_QR_CODE"]);
    expect(await codeOf(engine.sendText(ALICE, "x"))).toBe("WA_ENGINE_NOT_CONNECTED");
  });
});

describe("memory engine: emitted events", () => {
  it("sendText upserts a new chat whole, and patches a known one", async () => {
    const { engine, recording } = await pairedEngine();
    await engine.sendText(DAVE, "new chat");
    await engine.sendText(ALICE, "known chat");
    expect(recording.ofType("chat.upsert").map((e) => e.chats[0]?.id)).toEqual([DAVE]);
    expect(recording.ofType("chat.update").map((e) => e.patches[0]?.id)).toEqual([ALICE]);
    const sent = recording.ofType("message.upsert").flatMap((e) => e.messages);
    expect(sent.map((m) => [m.ack, m.message.ackName])).toEqual([
      [Ack.SERVER, "SERVER"],
      [Ack.SERVER, "SERVER"],
    ]);
  });

  it("chat commands emit chat.archive, chat.unread -1, chat.delete and chat.clear", async () => {
    const { engine, recording } = await pairedEngine();
    await engine.archiveChat?.(ALICE, true);
    await engine.markChatUnread?.(ALICE);
    await engine.clearMessages?.(ALICE);
    await engine.deleteChat?.(BOB);
    const after = recording.events.slice(-4);
    expect(after).toEqual([
      { type: "chat.archive", chatId: ALICE, archived: true, timestamp: expect.any(Number) },
      { type: "chat.unread", chatId: ALICE, unreadCount: -1 },
      { type: "chat.clear", chatId: ALICE },
      { type: "chat.delete", chatId: BOB },
    ]);
  });

  it("sendSeen skips own messages and acks READ only what rose", async () => {
    const { world, engine, recording } = await pairedEngine();
    const own = { fromMe: true, chatId: ALICE, id: IDS.aliceReply };
    const unread = { fromMe: false, chatId: ALICE, id: IDS.aliceUnread };
    const alreadyRead = { fromMe: false, chatId: ALICE, id: IDS.aliceHello };
    await engine.sendSeen(ALICE, [own, unread, alreadyRead]);
    expect(recording.ofType("message.ack")).toEqual([
      { type: "message.ack", key: unread, ack: Ack.READ },
    ]);
    const reads = (await world.sent()).filter((r) => r.kind === "read").map((r) => r.targetId);
    expect(reads).toEqual([IDS.aliceUnread, IDS.aliceHello]);
  });

  it("deleteMessage returns the revoke protocol message and emits message.revoke", async () => {
    const { engine, recording } = await pairedEngine();
    const key = { fromMe: true, chatId: BOB, id: IDS.bobReply };
    const revoke = await engine.deleteMessage?.(key);
    expect(revoke?.kind).toBe("revoke");
    expect(revoke?.key.id).not.toBe(IDS.bobReply);
    expect(recording.ofType("message.revoke")).toEqual([
      { type: "message.revoke", key, timestamp: expect.any(Number) },
    ]);
  });

  it("pinMessage rejects durations WhatsApp does not allow", async () => {
    const { engine } = await pairedEngine();
    const key = { fromMe: false, chatId: ALICE, id: IDS.aliceHello };
    expect(await codeOf(engine.pinMessage?.(key, 60 as 86400) as Promise<void>)).toBe(
      "WA_VALIDATION_FAILED",
    );
  });

  it("receipts for sent messages arrive as message.ack, never lowering the ack", async () => {
    const { world, engine, recording } = await pairedEngine();
    const sent = await engine.sendText(ALICE, "did you get it?");
    await world.pushReceipt(ALICE, sent.key.id, Ack.READ);
    await world.pushReceipt(ALICE, sent.key.id, Ack.DEVICE);
    expect(recording.ofType("message.ack")).toEqual([
      { type: "message.ack", key: sent.key, ack: Ack.READ },
    ]);
    expect(await codeOf(world.pushReceipt(ALICE, IDS.aliceHello, Ack.READ))).toBe(
      "WA_MESSAGE_NOT_FOUND",
    );
  });

  it("reconnects with STARTING then WORKING, without history", async () => {
    const { world, recording } = await pairedEngine();
    const before = recording.events.length;
    await world.dropConnection();
    expect(
      recording.events.slice(before).map((e) => e.type === "session.status" && e.status),
    ).toEqual(["STARTING", "WORKING"]);
  });
});

describe("memory world registry", () => {
  it("logs each session in as its own stable account", () => {
    const sales = getMemoryWorld("sales").me;
    expect(sales.id).toMatch(/^1555\d{7}@c\.us$/);
    expect(sales.pushName).toBe("sales");
    expect(getMemoryWorld("support").me.id).not.toBe(sales.id);
    clearMemoryWorlds();
    expect(getMemoryWorld("sales").me).toEqual(sales);
  });
});
