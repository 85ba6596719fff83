/**
 * @module A browser that keeps dying: after `maxRestarts` restarts the session goes FAILED with a
 * reason (never a crash of the process, never an endless restart loop). With `maxRestarts: 0` the
 * first death is already one too many.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTRACT_SEED, createRecordingContext } from "@wa/engine-testkit";
import { createSimulatorWorldControl } from "@wa/sandbox";
import { afterAll, expect, it, vi } from "vitest";
import type { Client } from "whatsapp-web.js";
import { sharedFakeWeb, webjsTestOptions } from "../test/fake-web.ts";
import { createWebjsEngine } from "./engine.ts";

const root = mkdtempSync(join(tmpdir(), "wa-webjs-faults-"));

/** Pids of the processes whose command line names `dir` (Chromium's carry its profile). */
function processesUsing(dir: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dir);
      } catch {
        return false; // exited meanwhile
      }
    })
    .map(Number);
}

/** Within `ms`, no process of the browser is left (a loaded machine ends them slowly). */
const browserGone = (ms: number) =>
  vi.waitFor(() => expect(processesUsing(root)).toEqual([]), { timeout: ms, interval: 200 });

// The browser's last processes may still write the profile as they exit (ENOTEMPTY in CI):
// remove it once they are gone.
afterAll(async () => {
  await browserGone(30_000).catch(() => undefined);
  rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
}, 60_000);

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
  // Nothing of the dead browser is orphaned.
  await browserGone(30_000);
}, 90_000);
