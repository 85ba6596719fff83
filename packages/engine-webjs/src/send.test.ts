/**
 * @module Regression: `sendText` resolves only after WhatsApp acknowledged the send. With a slow
 * simulator (every page call handled 400 ms late) the world must already hold the message when
 * `sendText` returns; before the fix it resolved as soon as the page had queued it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTRACT_SEED, createRecordingContext } from "@wa/engine-testkit";
import { createSimulator, createSimulatorWorldControl, startFakeWeb } from "@wa/sandbox";
import { afterAll, expect, it } from "vitest";
import { webjsTestOptions } from "../test/fake-web.ts";
import { createWebjsEngine } from "./engine.ts";

const BOB = "15550001002@c.us";
const root = mkdtempSync(join(tmpdir(), "wa-webjs-send-"));
const sim = await createSimulator({ receiptDelayMs: 50 });
const web = await startFakeWeb(sim, { receiptDelayMs: 50, callLatencyMs: 400 });

afterAll(async () => {
  await web.close();
  await sim.close();
  rmSync(root, { recursive: true, force: true });
}, 60_000);

it("sendText returns once the world has the message, even on a slow network", async () => {
  const engine = createWebjsEngine({ ...webjsTestOptions(web), dataDir: join(root, "slow") });
  const world = createSimulatorWorldControl(sim, "slow");
  const recording = createRecordingContext();
  try {
    await world.seedHistory(CONTRACT_SEED);
    await engine.start(recording.context);
    const qr = await recording.waitForEvent("session.status", (e) => e.status === "SCAN_QR_CODE", {
      timeoutMs: 30_000,
    });
    await world.scanQr(qr.qr as string);
    await recording.waitForEvent("session.status", (e) => e.status === "WORKING", {
      timeoutMs: 30_000,
    });
    // The sync on ready (one slow page call per chat) must be over, or the send waits behind it.
    await recording.waitForEvent("history.batch", (e) => e.isLatest === true, {
      timeoutMs: 30_000,
    });
    const sent = await engine.sendText(BOB, "over a slow line");
    const records = await world.sent();
    expect(records).toContainEqual(
      expect.objectContaining({ kind: "text", chatId: BOB, id: sent.key.id }),
    );
  } finally {
    await engine.stop();
  }
}, 90_000);
