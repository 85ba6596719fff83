/**
 * @module The engine over a fake socket: event ordering, one write per Baileys batch, batches not
 * acknowledged when their write fails, acks that never go down.
 */
import type { DomainEvent, EngineContext } from "@wa/core";
import { describe, expect, it } from "vitest";
import { ALICE, started, until } from "../test/engine-harness.ts";
import { createFakeSocketFactory } from "../test/fake-socket.ts";
import { createRecordingContext, statusesOf } from "../test/memory-context.ts";
import { createNowebEngine } from "./engine.ts";

/** An engine over a fake socket whose context takes events together through `emitAll(ctx)`. */
async function startedWith(
  emitAll: (ctx: ReturnType<typeof createRecordingContext>) => EngineContext["emitAll"],
) {
  const fake = createFakeSocketFactory();
  const engine = createNowebEngine({ socketFactory: fake.factory, echoTimeoutMs: 30 });
  const ctx = createRecordingContext();
  ctx.emitAll = emitAll(ctx);
  await engine.start(ctx);
  return { engine, ctx, fake };
}

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

  it("stores what arrived in one Baileys batch in one write when the context takes events together", async () => {
    const writes: DomainEvent[][] = [];
    const { ctx, fake } = await startedWith((ctx) => async (events) => {
      writes.push([...events]);
      for (const event of events) await ctx.emit(event);
    });
    const text = (id: string) => ({
      key: { remoteJid: ALICE, fromMe: false, id },
      messageTimestamp: 1,
      message: { conversation: id },
    });
    fake.last().emitBatch({
      "messages.upsert": { type: "notify", messages: [text("A"), text("B")] },
      "chats.update": [{ id: ALICE, unreadCount: 2 }],
      "contacts.upsert": [{ id: ALICE, notify: "Alice" }],
    });
    await until(() => expect(ctx.stored.size).toBe(2));
    expect(writes).toHaveLength(1);
    expect(writes[0]?.map((e) => e.type)).toEqual(
      expect.arrayContaining(["message.upsert", "contact.upsert"]),
    );
    expect(writes[0]?.length).toBeGreaterThanOrEqual(3);
  });

  it("does not acknowledge a batch whose grouped write failed: the socket is ended for redelivery", async () => {
    const { ctx, fake } = await startedWith(() => async () => {
      throw new Error("store down");
    });
    fake.last().open();
    await until(() => expect(statusesOf(ctx.events)).toContain("WORKING"));
    const socket = fake.last();
    socket.emitBatch({
      "messages.upsert": {
        type: "notify",
        messages: [
          {
            key: { remoteJid: ALICE, fromMe: false, id: "X" },
            messageTimestamp: 1,
            message: { conversation: "x" },
          },
        ],
      },
      "contacts.upsert": [{ id: ALICE, notify: "Alice" }],
    });
    await until(() => expect(socket.calls.map((c) => c.method)).toContain("end"));
    expect(ctx.stored.size).toBe(0);
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
