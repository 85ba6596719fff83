/** @module Contract cases: reads, pins, edits and deletes for everyone reach the world. */
import { Ack, type MessageKey } from "@wa/core";
import { expect } from "vitest";
import type { RecordingContext } from "../recording/context.ts";
import { ALICE, BOB, IDS } from "./fixture.ts";
import type { CaseRegistry, CaseRun } from "./types.ts";

const aliceUnread: MessageKey = { fromMe: false, chatId: ALICE, id: IDS.aliceUnread };
const aliceHello: MessageKey = { fromMe: false, chatId: ALICE, id: IDS.aliceHello };
const bobReply: MessageKey = { fromMe: true, chatId: BOB, id: IDS.bobReply };

/** Registers the command cases. */
export function commandCases(registry: CaseRegistry): void {
  registry.case("sendSeen marks incoming messages read in the world", async (run) => {
    const recording = await run.startPaired();
    await run.engine.sendSeen(ALICE, [aliceUnread]);
    await expectReadInWorld(run, recording, aliceUnread);
  });

  registry.case(
    "readMessages marks a new incoming message read in the world",
    async (run) => {
      const recording = await run.startPaired();
      const { id } = await run.world.pushIncomingText(ALICE, "read me");
      const key: MessageKey = { fromMe: false, chatId: ALICE, id };
      await recording.waitForEvent("message.upsert", (e) =>
        e.messages.some((m) => m.key.id === id),
      );
      await run.engine.readMessages?.(ALICE, [key]);
      await expectReadInWorld(run, recording, key);
    },
    { needs: ["messages.read"] },
  );

  registry.case(
    "pin and unpin reach the world",
    async (run) => {
      await run.startPaired();
      await run.engine.pinMessage?.(aliceHello, 86400);
      await waitForRecord(run, "pin", aliceHello.id);
      await run.engine.pinMessage?.(aliceHello, null);
      await waitForRecord(run, "unpin", aliceHello.id);
    },
    { needs: ["messages.pin"] },
  );

  registry.case(
    "edit reaches the world and the client's copy",
    async (run) => {
      const recording = await run.startPaired();
      const edited = await run.engine.editMessage?.(bobReply, "Hi Bob (edited)");
      expect(edited?.message.body).toBe("Hi Bob (edited)");
      const record = await waitForRecord(run, "edit", bobReply.id);
      expect(record.text).toBe("Hi Bob (edited)");
      await run.waitFor(
        async () =>
          (await recording.messages.getMessage(bobReply))?.message.body === "Hi Bob (edited)",
        "the recorded copy of the message to carry the new text",
      );
    },
    { needs: ["messages.edit"] },
  );

  registry.case(
    "delete for everyone reaches the world and removes the client's copy",
    async (run) => {
      const recording = await run.startPaired();
      await run.engine.deleteMessage?.(bobReply);
      await waitForRecord(run, "revoke", bobReply.id);
      await run.waitFor(
        async () => (await recording.messages.getMessage(bobReply)) === null,
        "the recorded copy of the message to be revoked",
      );
    },
    { needs: ["messages.delete"] },
  );
}

// --- internal ---

async function waitForRecord(run: CaseRun, kind: string, targetId: string) {
  return run.waitFor(
    async () => (await run.world.sent()).find((r) => r.kind === kind && r.targetId === targetId),
    `a '${kind}' of ${targetId} to reach the world`,
  );
}

async function expectReadInWorld(run: CaseRun, recording: RecordingContext, key: MessageKey) {
  await waitForRecord(run, "read", key.id);
  await run.waitFor(
    async () => (await recording.messages.getMessage(key))?.ack === Ack.READ,
    `message ${key.id} to reach ack READ`,
  );
}
