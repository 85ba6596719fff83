/** @module Contract cases: engines throw typed `WaError`s for request failures and never emit them. */
import type { DomainEvent, MessageKey } from "@wa/core";
import { expect } from "vitest";
import { expectWaError } from "./expect.ts";
import { ALICE } from "./fixture.ts";
import type { CaseRegistry, CaseRun } from "./types.ts";

const unknownKey: MessageKey = { fromMe: true, chatId: ALICE, id: "3EB0FFFFFFFFFFFFFFFFFF" };

/** Registers the error cases. */
export function errorCases(registry: CaseRegistry): void {
  registry.case("commands before start throw WA_ENGINE_NOT_CONNECTED", async ({ engine }) => {
    await expectWaError(engine.sendText(ALICE, "too early"), "WA_ENGINE_NOT_CONNECTED");
  });

  registry.case("commands while waiting for the QR throw WA_ENGINE_NOT_CONNECTED", async (run) => {
    const { recording } = await run.startUnpaired();
    const before = recording.events.length;
    await expectWaError(run.engine.sendText(ALICE, "not paired"), "WA_ENGINE_NOT_CONNECTED");
    await expectWaError(run.engine.sendSeen(ALICE, [unknownKey]), "WA_ENGINE_NOT_CONNECTED");
    expectNothingEmittedAbout(recording.events.slice(before), unknownKey.id);
  });

  const unknownMessageCase = (
    capability: "messages.edit" | "messages.delete" | "messages.pin",
    call: (run: CaseRun) => Promise<unknown> | undefined,
  ) =>
    registry.case(
      `${capability} on an unknown message throws WA_MESSAGE_NOT_FOUND without emitting`,
      async (run) => {
        const recording = await run.startPaired();
        const before = recording.events.length;
        await expectWaError(Promise.resolve(call(run)), "WA_MESSAGE_NOT_FOUND");
        expectNothingEmittedAbout(recording.events.slice(before), unknownKey.id);
      },
      { needs: [capability] },
    );

  unknownMessageCase("messages.edit", (run) => run.engine.editMessage?.(unknownKey, "nope"));
  unknownMessageCase("messages.delete", (run) => run.engine.deleteMessage?.(unknownKey));
  unknownMessageCase("messages.pin", (run) => run.engine.pinMessage?.(unknownKey, 86400));
}

// --- internal ---

/**
 * A failed request leaves no trace in the event stream: no event names the message and the
 * session does not fail. (Unrelated events, e.g. a QR refresh, may still arrive meanwhile.)
 */
function expectNothingEmittedAbout(events: DomainEvent[], id: string): void {
  expect(JSON.stringify(events)).not.toContain(id);
  expect(events.filter((e) => e.type === "session.status" && e.status === "FAILED")).toEqual([]);
}
