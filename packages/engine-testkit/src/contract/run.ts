/** @module The per-case runner: a fresh harness, bounded waits, start/pair helpers, and cleanup. */
import { createRecordingContext, type RecordingContext } from "../recording/context.ts";
import { waitFor } from "../recording/wait-for.ts";
import type { HistorySeed } from "../world.ts";
import { CONTRACT_SEED } from "./fixture.ts";
import type { CaseRun, EngineHarness } from "./types.ts";

/** Runs one case body on a fresh harness, then stops the engine and cleans up (cleanup errors fail the case). */
export async function runCase(
  create: () => Promise<EngineHarness>,
  timeoutMs: number,
  body: (run: CaseRun) => Promise<void>,
): Promise<void> {
  const harness = await create();
  let failure: unknown = null;
  try {
    await body(createCaseRun(harness, timeoutMs));
  } catch (error) {
    failure = error;
  }
  try {
    await harness.engine.stop();
    await harness.cleanup?.();
  } catch (error) {
    failure ??= error;
  }
  if (failure !== null) throw failure;
}

// --- internal ---

function createCaseRun({ engine, world }: EngineHarness, timeoutMs: number): CaseRun {
  const wait: CaseRun["waitFor"] = (predicate, description) =>
    waitFor(predicate, { timeoutMs, description });

  const startUnpaired = async (seed: HistorySeed = CONTRACT_SEED) => {
    await world.seedHistory(seed);
    const recording = createRecordingContext();
    await engine.start(recording.context);
    const event = await recording.waitForEvent(
      "session.status",
      (e) => e.status === "SCAN_QR_CODE" && typeof e.qr === "string" && e.qr.length > 0,
      { timeoutMs, description: "a SCAN_QR_CODE status with a qr" },
    );
    return { recording, qr: event.qr as string };
  };

  return {
    engine,
    world,
    timeoutMs,
    waitFor: wait,
    startUnpaired,
    async startPaired(seed = CONTRACT_SEED) {
      const { recording, qr } = await startUnpaired(seed);
      await world.scanQr(qr);
      await recording.waitForEvent("session.status", (e) => e.status === "WORKING", {
        timeoutMs,
        description: "WORKING after the QR was scanned",
      });
      await waitForSeededHistory(recording, seed, wait);
      return recording;
    },
  };
}

async function waitForSeededHistory(
  recording: RecordingContext,
  seed: HistorySeed,
  wait: CaseRun["waitFor"],
): Promise<void> {
  const expected = seed.chats.flatMap((chat) => chat.messages.flatMap((m) => (m.id ? [m.id] : [])));
  await wait(() => {
    const seen = new Set(
      recording.ofType("history.batch").flatMap((batch) => batch.messages.map((m) => m.key.id)),
    );
    return expected.every((id) => seen.has(id));
  }, `history batches holding every seeded message (${expected.length})`);
}
