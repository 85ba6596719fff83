/**
 * @module Reactions, edits and revokes from a contact through the real Baileys: Baileys reports each
 * twice (raw upsert plus `messages.reaction` / `messages.update`); the engine emits each effect once.
 */
import type { DomainEvent } from "@wa/core";
import { createSimulator, type Simulator } from "@wa/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNowebEngine } from "../src/engine.ts";
import { findEventually } from "./find-eventually.ts";
import { createRecordingContext, statusesOf } from "./memory-context.ts";

const ALICE = "12025550601@c.us";
const ALICE_JID = "12025550601@s.whatsapp.net";
const KEY = "effects";

let sim: Simulator;
let ctx: ReturnType<typeof createRecordingContext>;
let engine: ReturnType<typeof createNowebEngine>;

const until = findEventually;

const ofType = <T extends DomainEvent["type"]>(type: T) =>
  ctx.events.filter((e): e is Extract<DomainEvent, { type: T }> => e.type === type);

/** Lets Baileys' second report of an effect arrive before we count. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

beforeAll(async () => {
  sim = await createSimulator({ receiptDelayMs: 50 });
  sim.seedHistory(KEY, {
    chats: [
      {
        id: ALICE,
        messages: [{ id: "EFFMINE1", fromMe: true, text: "my message", timestamp: 1_764_000_000 }],
      },
    ],
  });
  ctx = createRecordingContext();
  engine = createNowebEngine({
    waWebSocketUrl: sim.url,
    certPublicKey: sim.certRootPublicKey,
    markOnlineOnConnect: false,
    defaultQueryTimeoutMs: 5_000,
  });
  await engine.start(ctx);
  const qr = await until(() => ofType("session.status").find((e) => e.qr)?.qr);
  await sim.scanQr(KEY, qr);
  await until(() => statusesOf(ctx.events).includes("WORKING"));
  await until(() => ctx.stored.size > 0);
}, 30_000);

afterAll(async () => {
  await engine.stop();
  await sim.close();
});

describe("effects from a contact", { timeout: 30_000 }, () => {
  it("a reaction to my message becomes one message.reaction in my perspective", async () => {
    const me = `${sim.account(KEY).phone}@s.whatsapp.net`;
    const { id } = await sim.pushIncomingMessage(KEY, ALICE, {
      reactionMessage: {
        key: { remoteJid: me, fromMe: false, id: "EFFMINE1" },
        text: "👍",
        senderTimestampMs: 1_764_000_100_000,
      },
    });
    await until(() => ofType("message.reaction").length > 0);
    await settle();
    const reactions = ofType("message.reaction");
    expect(reactions).toEqual([
      {
        type: "message.reaction",
        target: { fromMe: true, chatId: ALICE, id: "EFFMINE1" },
        reaction: { from: ALICE, fromMe: false, text: "👍", timestamp: 1_764_000_100, id },
      },
    ]);
    expect(ofType("message.upsert").some((e) => e.messages.some((m) => m.key.id === id))).toBe(
      false,
    );
  });

  it("an edit and a revoke of the contact's message each become one event", async () => {
    const { id: original } = await sim.pushIncomingText(KEY, ALICE, "typo");
    await until(() => ctx.stored.has(`false_${ALICE}_${original}`));
    await sim.pushIncomingMessage(KEY, ALICE, {
      protocolMessage: {
        key: { remoteJid: ALICE_JID, fromMe: true, id: original },
        type: 14,
        editedMessage: { conversation: "fixed" },
        timestampMs: 1_764_000_200_000,
      },
    });
    await until(() => ofType("message.edit").length > 0);
    await sim.pushIncomingMessage(KEY, ALICE, {
      protocolMessage: { key: { remoteJid: ALICE_JID, fromMe: true, id: original }, type: 0 },
    });
    await until(() => ofType("message.revoke").length > 0);
    await settle();
    expect(ofType("message.edit")).toEqual([
      {
        type: "message.edit",
        key: { fromMe: false, chatId: ALICE, id: original },
        body: "fixed",
        timestamp: 1_764_000_200,
      },
    ]);
    expect(ofType("message.revoke")).toEqual([
      expect.objectContaining({
        type: "message.revoke",
        key: { fromMe: false, chatId: ALICE, id: original },
      }),
    ]);
  });
});
