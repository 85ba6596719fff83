/**
 * @module The NOWEB engine under simulated faults and wire variants: a socket dropped in the middle of
 * history sync, a real Signal-encrypted incoming message, and an incoming group message.
 */
import { type DomainEvent, isWaError } from "@wa/core";
import { createSimulator, type Simulator } from "@wa/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNowebEngine } from "../src/engine.ts";
import { findEventually } from "./find-eventually.ts";
import { createMemoryAuthStore, createRecordingContext, statusesOf } from "./memory-context.ts";

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator({
    receiptDelayMs: 50,
    historyChunkSize: 4,
    historyChunkDelayMs: 150,
  });
});
afterAll(() => sim.close());

const until = findEventually;

const ofType = <T extends DomainEvent["type"]>(events: DomainEvent[], type: T) =>
  events.filter((e): e is Extract<DomainEvent, { type: T }> => e.type === type);

async function paired(
  key: string,
  seed: Parameters<Simulator["seedHistory"]>[1],
  ctx = createRecordingContext(),
) {
  sim.seedHistory(key, seed);
  const engine = engineFor();
  await engine.start(ctx);
  const qr = await until(() => ofType(ctx.events, "session.status").find((e) => e.qr)?.qr);
  await sim.scanQr(key, qr);
  await until(() => statusesOf(ctx.events).includes("WORKING"));
  return { ctx, engine };
}

function engineFor() {
  return createNowebEngine({
    waWebSocketUrl: sim.url,
    certPublicKey: sim.certRootPublicKey,
    markOnlineOnConnect: false,
    defaultQueryTimeoutMs: 5_000,
    reconnect: { baseMs: 50, maxMs: 200 },
  });
}

describe("NOWEB engine under faults", { timeout: 40_000 }, () => {
  it("a socket dropped mid-history: it reconnects and every message still arrives once stored", async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `DROPHIST${i}`);
    const { ctx, engine } = await paired("faults-drop", {
      chats: [
        {
          id: "12025550501@c.us",
          messages: ids.map((id, i) => ({
            id,
            fromMe: i % 3 === 0,
            text: `m${i}`,
            timestamp: 1_700_000_000 + i,
          })),
        },
      ],
    });
    try {
      await until(() => ofType(ctx.events, "history.batch").some((b) => b.messages.length > 0));
      sim.dropConnection("faults-drop");
      await until(() => ids.every((id) => [...ctx.stored.values()].some((m) => m.key.id === id)));
      const statuses = statusesOf(ctx.events);
      expect(statuses.filter((s) => s === "WORKING").length).toBeGreaterThanOrEqual(2);
      expect(statuses).not.toContain("FAILED");
      const batches = ofType(ctx.events, "history.batch");
      expect(batches.some((b) => b.progress === 100)).toBe(true);
    } finally {
      await engine.stop();
    }
  });

  it("an unanswered query: the command fails with WA_ENGINE_TIMEOUT, the session stays WORKING", async () => {
    const { ctx, engine } = await paired("faults-iq", { chats: [] });
    const chatId = "12025550601@c.us";
    sim.setProfilePicture("faults-iq", chatId, "https://pps.example.test/iq.jpg");
    try {
      sim.dropIqs("faults-iq", ["w:profile:picture"]);
      const error = await engine.getProfilePicture?.(chatId).catch((e: unknown) => e);
      expect(isWaError(error) && error.code).toBe("WA_ENGINE_TIMEOUT");
      expect(statusesOf(ctx.events).at(-1)).toBe("WORKING");
      sim.dropIqs("faults-iq", []);
      expect(await engine.getProfilePicture?.(chatId)).toBe("https://pps.example.test/iq.jpg");
    } finally {
      await engine.stop();
    }
  });

  it("a Signal-encrypted incoming message is decrypted and upserted", async () => {
    const { ctx, engine } = await paired("faults-signal", { chats: [] });
    try {
      const { id, wire } = await sim.pushIncomingText(
        "faults-signal",
        "12025550502@c.us",
        "secret hello",
        {
          signal: true,
        },
      );
      expect(wire).toBe("pkmsg");
      const upsert = await until(() =>
        ofType(ctx.events, "message.upsert").find((e) => e.messages.some((m) => m.key.id === id)),
      );
      expect(upsert.messages[0]?.message).toMatchObject({
        body: "secret hello",
        from: "12025550502@c.us",
        fromMe: false,
      });
    } finally {
      await engine.stop();
    }
  });

  it("an incoming group message names its participant and the group as `to`", async () => {
    const group = "120363000000000777@g.us";
    const { ctx, engine } = await paired("faults-group", { chats: [] });
    try {
      const { id } = await sim.pushIncomingText("faults-group", group, "hi group", {
        participant: "12025550503@c.us",
      });
      const upsert = await until(() =>
        ofType(ctx.events, "message.upsert").find((e) => e.messages.some((m) => m.key.id === id)),
      );
      expect(upsert.messages[0]?.message).toMatchObject({
        id: `false_${group}_${id}_12025550503@c.us`,
        from: group,
        to: group,
        participant: "12025550503@c.us",
        body: "hi group",
      });
    } finally {
      await engine.stop();
    }
  });
});

describe("NOWEB engine: the phone unlinks the device", { timeout: 40_000 }, () => {
  it("reports FAILED, forgets the credentials, and a restart asks for a new QR", async () => {
    const authState = createMemoryAuthStore();
    const { ctx, engine } = await paired(
      "faults-unlink",
      { chats: [] },
      createRecordingContext(authState),
    );
    await until(() => authState.size() > 0);
    sim.logout("faults-unlink");
    await until(() => statusesOf(ctx.events).at(-1) === "FAILED");
    expect(ofType(ctx.events, "session.status").at(-1)?.reason).toContain("logged out");
    expect(authState.size()).toBe(0);
    await engine.stop();

    const again = createRecordingContext(authState);
    const second = engineFor();
    await second.start(again);
    try {
      await until(() => ofType(again.events, "session.status").find((e) => e.qr));
    } finally {
      await second.stop();
    }
  });
});
