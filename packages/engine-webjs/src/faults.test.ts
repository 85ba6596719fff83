/**
 * @module A browser that keeps dying: after `maxRestarts` restarts the session goes FAILED with a
 * reason (never a crash of the process, never an endless restart loop). With `maxRestarts: 0` the
 * first death is already one too many.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTRACT_SEED, createRecordingContext } from "@wa/engine-testkit";
import { createSimulatorWorldControl } from "@wa/sandbox";
import { afterAll, expect, it } from "vitest";
import type { Client } from "whatsapp-web.js";
import { sharedFakeWeb, webjsTestOptions } from "../test/fake-web.ts";
import { createWebjsEngine } from "./engine.ts";

const root = mkdtempSync(join(tmpdir(), "wa-webjs-faults-"));
// Chromium may still be writing its profile as it exits: retry the removal.
afterAll(
  () => rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }),
  60_000,
);

it("a browser that dies more often than maxRestarts allows leaves the session FAILED with a reason", async () => {
  const { sim, web } = await sharedFakeWeb();
  const engine = createWebjsEngine({
    ...webjsTestOptions(web),
    dataDir: join(root, "dies"),
    maxRestarts: 0,
  });
  const world = createSimulatorWorldControl(sim, "dies");
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
    const client = engine.getInstance?.() as Client | undefined;
    const browser = client?.pupBrowser;
    const pid = browser?.process()?.pid;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid as number, "SIGKILL");
    const failed = await recording.waitForEvent("session.status", (e) => e.status === "FAILED", {
      timeoutMs: 30_000,
    });
    expect(failed.reason).toMatch(/browser died/);
  } finally {
    await engine.stop();
  }
}, 90_000);
