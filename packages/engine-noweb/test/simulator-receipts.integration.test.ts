/**
 * @module The receipt gate with the real Baileys against the simulator: WhatsApp hears of an incoming
 * message only once the sink applied it; a sink failure leaves it unacknowledged and a new socket gets
 * it delivered again. The simulator tracks what the client has not acknowledged, as WhatsApp does.
 */
import type { DomainEvent } from "@wa/core";
import { createSimulator, type Simulator } from "@wa/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNowebEngine } from "../src/engine.ts";
import { findEventually } from "./find-eventually.ts";
import { createRecordingContext, statusesOf } from "./memory-context.ts";

const ALICE = "12025550801@c.us";
const until = findEventually;

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator({ receiptDelayMs: 50 });
});
afterAll(() => sim.close());

/** A recording context whose `emit` runs `before` first for every message upsert. */
function gatedContext(before: (id: string) => Promise<void>) {
  const ctx = createRecordingContext();
  const record = ctx.emit.bind(ctx);
  ctx.emit = async (event: DomainEvent) => {
    if (event.type === "message.upsert") {
      for (const message of event.messages) await before(message.key.id);
    }
    await record(event);
  };
  return ctx;
}

async function paired(key: string, ctx: ReturnType<typeof createRecordingContext>) {
  const engine = createNowebEngine({
    waWebSocketUrl: sim.url,
    certPublicKey: sim.certRootPublicKey,
    markOnlineOnConnect: false,
    defaultQueryTimeoutMs: 5_000,
    reconnect: { baseMs: 50, maxMs: 200 },
  });
  await engine.start(ctx);
  const qr = await until(
    () =>
      ctx.events.find(
        (e): e is Extract<DomainEvent, { type: "session.status" }> =>
          e.type === "session.status" && !!e.qr,
      )?.qr,
  );
  await sim.scanQr(key, qr);
  await until(() => statusesOf(ctx.events).includes("WORKING"));
  return engine;
}

const storedIds = (ctx: ReturnType<typeof createRecordingContext>) =>
  ctx.events.flatMap((e) => (e.type === "message.upsert" ? e.messages.map((m) => m.key.id) : []));

describe("NOWEB receipts wait for the store", { timeout: 40_000 }, () => {
  it("a message is acknowledged only after the sink applied it", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let slowId = "";
    const ctx = gatedContext(async (id) => {
      if (id === slowId) await held;
    });
    const engine = await paired("receipts-slow", ctx);
    try {
      const { id } = await sim.pushIncomingText("receipts-slow", ALICE, "hold my receipt");
      slowId = id;
      // Baileys has the message and the store is writing it: WhatsApp must not hear of it yet.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(sim.socketState("receipts-slow").unacked.has(id)).toBe(true);
      expect(storedIds(ctx)).not.toContain(id);

      release();
      await until(() => storedIds(ctx).includes(id));
      await until(() => !sim.socketState("receipts-slow").unacked.has(id));
      // And the socket still works both ways after the hold.
      const next = await sim.pushIncomingText("receipts-slow", ALICE, "after the hold");
      await until(() => !sim.socketState("receipts-slow").unacked.has(next.id));
      expect(storedIds(ctx)).toContain(next.id);
    } finally {
      release();
      await engine.stop();
    }
  });

  it("a failed store write is never acknowledged: a new socket gets it again and it is stored once", async () => {
    let failingId = "";
    let failures = 0;
    const ctx = gatedContext(async (id) => {
      if (id === failingId && failures < 2) {
        failures++;
        throw new Error("disk full");
      }
    });
    const engine = await paired("receipts-fail", ctx);
    try {
      const startsBefore = statusesOf(ctx.events).filter((s) => s === "STARTING").length;
      const { id } = await sim.pushIncomingText("receipts-fail", ALICE, "store me eventually");
      failingId = id;
      await until(() => storedIds(ctx).includes(id));
      expect(failures).toBe(2);
      expect(storedIds(ctx).filter((stored) => stored === id)).toHaveLength(1);
      // Each failure dropped the socket; each new one got the message delivered again.
      expect(statusesOf(ctx.events).filter((s) => s === "STARTING")).toHaveLength(startsBefore + 2);
      await until(() => statusesOf(ctx.events).at(-1) === "WORKING");
      await until(() => sim.socketState("receipts-fail").unacked.size === 0);
    } finally {
      await engine.stop();
    }
  });
});
