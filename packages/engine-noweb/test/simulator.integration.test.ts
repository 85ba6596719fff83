/**
 * @module The NOWEB engine with the real Baileys against the loopback simulator: pairing by QR,
 * history sync into domain events, an incoming message, a sent one with acks, a chat change seen by
 * the phone, and a restart that needs no new QR. Only 127.0.0.1 is contacted.
 */
import type { DomainEvent, HistoryBatchEvent } from "@wa/core";
import { createSimulator, type Simulator } from "@wa/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNowebEngine } from "../src/engine.ts";
import { findEventually } from "./find-eventually.ts";
import { createMemoryAuthStore, createRecordingContext, statusesOf } from "./memory-context.ts";

const ALICE = "14155550123@c.us";
const BOB = "14155550124@c.us";
const SESSION = "noweb-integration";

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator({ receiptDelayMs: 50 });
});
afterAll(() => sim.close());

const engineFor = () =>
  createNowebEngine({
    waWebSocketUrl: sim.url,
    certPublicKey: sim.certRootPublicKey,
    markOnlineOnConnect: false,
    defaultQueryTimeoutMs: 5_000,
    reconnect: { baseMs: 50, maxMs: 200 },
    socketConfig: { connectTimeoutMs: 5_000 },
  });

const until = findEventually;

const ofType = <T extends DomainEvent["type"]>(events: DomainEvent[], type: T) =>
  events.filter((e): e is Extract<DomainEvent, { type: T }> => e.type === type);

describe("NOWEB engine against the Baileys simulator", { timeout: 30_000 }, () => {
  const authState = createMemoryAuthStore();
  const ctx = createRecordingContext(authState);
  let engine: ReturnType<typeof engineFor>;
  beforeAll(() => {
    engine = engineFor();
  });

  it("pairs by QR, then syncs history into one store-ready batch", async () => {
    sim.seedHistory(SESSION, {
      chats: [
        {
          id: ALICE,
          name: "Alice",
          unreadCount: 1,
          messages: [
            { id: "HIST1", fromMe: true, text: "lunch?", timestamp: 1_764_140_000 },
            { id: "HIST2", fromMe: false, text: "sure", timestamp: 1_764_140_060 },
          ],
        },
        {
          id: BOB,
          name: "Bob",
          archived: true,
          messages: [{ id: "HIST3", fromMe: false, text: "yo", timestamp: 1_764_130_000 }],
        },
      ],
      contacts: [{ id: ALICE, name: "Alice A.", pushName: "Ally" }],
    });
    await engine.start(ctx);
    const qr = await until(() => ofType(ctx.events, "session.status").find((e) => e.qr)?.qr);
    await sim.scanQr(SESSION, qr);
    await until(() => ofType(ctx.events, "session.status").find((e) => e.status === "WORKING"));
    const working = ofType(ctx.events, "session.status").find((e) => e.status === "WORKING");
    expect(working?.me?.id).toMatch(/@c\.us$/);

    await until(() => ofType(ctx.events, "history.batch").find((b) => b.messages.length > 0));
    await until(() => (ctx.stored.size >= 3 ? true : undefined));
    const batches: HistoryBatchEvent[] = ofType(ctx.events, "history.batch");
    const chats = batches.flatMap((b) => b.chats);
    expect(chats.find((c) => c.id === BOB)).toMatchObject({ archived: true, name: "Bob" });
    expect(chats.find((c) => c.id === ALICE)).toMatchObject({ unreadCount: 1 });
    const messages = batches.flatMap((b) => b.messages);
    expect(messages.find((m) => m.key.id === "HIST1")?.message).toMatchObject({
      id: `true_${ALICE}_HIST1`,
      from: ALICE,
      fromMe: true,
      body: "lunch?",
      timestamp: 1_764_140_000,
      source: "app",
    });
    expect(batches.flatMap((b) => b.contacts).some((c) => c.id === ALICE)).toBe(true);
    expect(statusesOf(ctx.events)).not.toContain("FAILED");
  });

  it("receives an incoming message as a live upsert", async () => {
    const { id } = await sim.pushIncomingText(SESSION, ALICE, "are you there?");
    const upsert = await until(() =>
      ofType(ctx.events, "message.upsert").find((e) => e.messages.some((m) => m.key.id === id)),
    );
    expect(upsert.notify).toBe(true);
    expect(upsert.messages[0]?.message).toMatchObject({
      id: `false_${ALICE}_${id}`,
      from: ALICE,
      fromMe: false,
      body: "are you there?",
      ack: 2,
    });
  });

  it("sends a text that reaches the contact, and its ack rises", async () => {
    const sent = await engine.sendText(ALICE, "yes, here");
    expect(sent.message).toMatchObject({ fromMe: true, body: "yes, here", source: "api" });
    await until(() => sim.sent(SESSION).find((r) => r.kind === "text" && r.id === sent.key.id));
    await until(() =>
      ofType(ctx.events, "message.ack").find((e) => e.key.id === sent.key.id && e.ack >= 2),
    );
  });

  it("archives a chat on the phone through an app-state patch", async () => {
    await engine.archiveChat?.(ALICE, true);
    expect(sim.chatState(SESSION, ALICE).archived).toBe(true);
    await until(() =>
      ofType(ctx.events, "chat.archive").find((e) => e.chatId === ALICE && e.archived),
    );
  });

  it("restarts from the stored credentials without a new QR", async () => {
    await engine.stop();
    expect(statusesOf(ctx.events).at(-1)).toBe("STOPPED");
    const again = createRecordingContext(authState);
    const second = engineFor();
    await second.start(again);
    try {
      await until(() => ofType(again.events, "session.status").find((e) => e.status === "WORKING"));
      expect(ofType(again.events, "session.status").some((e) => e.qr)).toBe(false);
    } finally {
      await second.stop();
    }
  });
});

describe("NOWEB engine: a malformed frame from the server", { timeout: 30_000 }, () => {
  it("is caught (no unhandled rejection), and the session comes back WORKING", async () => {
    const key = "noweb-garbage";
    const ctx = createRecordingContext();
    const engine = engineFor();
    sim.seedHistory(key, { chats: [] });
    await engine.start(ctx);
    try {
      const qr = await until(() => ofType(ctx.events, "session.status").find((e) => e.qr)?.qr);
      await sim.scanQr(key, qr);
      await until(() => ofType(ctx.events, "session.status").find((e) => e.status === "WORKING"));
      const workingBefore = ofType(ctx.events, "session.status").filter(
        (e) => e.status === "WORKING",
      ).length;
      sim.sendMalformedFrame(key);
      // vitest fails the run on any unhandled rejection, so reaching WORKING again is the check.
      await until(() =>
        ofType(ctx.events, "session.status").filter((e) => e.status === "WORKING").length >
        workingBefore
          ? true
          : undefined,
      );
      const { id } = await sim.pushIncomingText(key, ALICE, "still there?");
      await until(() =>
        ofType(ctx.events, "message.upsert").find((e) => e.messages.some((m) => m.key.id === id)),
      );
    } finally {
      await engine.stop();
    }
  });
});
