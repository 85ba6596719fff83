/** @module Contract cases: live incoming messages and `sendText`. */
import { Ack } from "@wa/core";
import { expect } from "vitest";
import { expectWellFormedMessage, findById } from "./expect.ts";
import { ALICE, BOB, CAROL, DAVE, IDS, TEAM } from "./fixture.ts";
import type { CaseRegistry } from "./types.ts";

/** Registers the message cases. */
export function messageCases(registry: CaseRegistry): void {
  registry.case("an incoming text arrives as a live message.upsert", async (run) => {
    const recording = await run.startPaired();
    const { id } = await run.world.pushIncomingText(ALICE, "ping");
    const event = await recording.waitForEvent(
      "message.upsert",
      (e) => e.notify && e.messages.some((m) => m.key.id === id),
    );
    const stored = findById(event.messages, id);
    expect(stored?.key).toEqual({ fromMe: false, chatId: ALICE, id });
    expect(stored?.message.body).toBe("ping");
    expect(stored?.message.from).toBe(ALICE);
    expect(stored?.message.source).toBe("app");
    if (stored) expectWellFormedMessage(stored);
  });

  registry.case("an incoming group text names its participant", async (run) => {
    const recording = await run.startPaired();
    const { id } = await run.world.pushIncomingText(TEAM, "hello group", { participant: CAROL });
    const event = await recording.waitForEvent("message.upsert", (e) =>
      e.messages.some((m) => m.key.id === id),
    );
    const stored = findById(event.messages, id);
    expect(stored?.key).toEqual({ fromMe: false, chatId: TEAM, id, participant: CAROL });
    expect(stored?.message.id).toBe(`false_${TEAM}_${id}_${CAROL}`);
    if (stored) expectWellFormedMessage(stored);
  });

  registry.case("sendText returns the stored message and the world receives it", async (run) => {
    const recording = await run.startPaired();
    const sent = await run.engine.sendText(BOB, "hello from the API");
    expect(sent.key).toMatchObject({ fromMe: true, chatId: BOB });
    expect(sent.message.body).toBe("hello from the API");
    expect(sent.message.source).toBe("api");
    expect(sent.ack).toBeGreaterThanOrEqual(Ack.PENDING);
    expectWellFormedMessage(sent);
    await recording.waitForEvent("message.upsert", (e) =>
      e.messages.some((m) => m.key.id === sent.key.id && m.key.fromMe),
    );
    const records = await run.world.sent();
    expect(records).toContainEqual(
      expect.objectContaining({
        kind: "text",
        chatId: BOB,
        id: sent.key.id,
        text: "hello from the API",
      }),
    );
  });

  registry.case("sendText reaches a chat without history", async (run) => {
    await run.startPaired();
    const sent = await run.engine.sendText(DAVE, "first contact");
    expect(sent.key.chatId).toBe(DAVE);
    await run.waitFor(
      async () => (await run.world.sent()).some((r) => r.kind === "text" && r.id === sent.key.id),
      `the world to receive ${sent.key.id}`,
    );
  });

  registry.case("sendText with replyTo quotes the message", async (run) => {
    await run.startPaired();
    const sent = await run.engine.sendText(ALICE, "yes, here", { replyTo: IDS.aliceUnread });
    expect(sent.message.replyTo?.id).toBe(IDS.aliceUnread);
  });
}
