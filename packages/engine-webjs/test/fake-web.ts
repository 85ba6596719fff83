/**
 * @module The loopback world of the WEBJS tests: one simulator with the fake WhatsApp Web server per
 * test file (closed after it), and the engine options that point whatsapp-web.js at it.
 */
import { existsSync } from "node:fs";
import { createSimulator, type FakeWeb, type Simulator, startFakeWeb } from "@wa/sandbox";
import { afterAll } from "vitest";
import type { WebjsOptions } from "../src/engine.ts";
import { defaultChromiumPath } from "../src/library.ts";

let shared: Promise<{ sim: Simulator; web: FakeWeb }> | undefined;

/** The file's simulator and page server, started on first use. */
export function sharedFakeWeb(): Promise<{ sim: Simulator; web: FakeWeb }> {
  shared ??= (async () => {
    const sim = await createSimulator({ receiptDelayMs: 50 });
    const web = await startFakeWeb(sim, { receiptDelayMs: 50 });
    return { sim, web };
  })();
  return shared;
}

afterAll(async () => {
  const started = await shared;
  await started?.web.close();
  await started?.sim.close();
}, 60_000);

/** Engine options against the fake page; a missing Chromium fails loudly (never a silent skip). */
export function webjsTestOptions(web: FakeWeb): WebjsOptions {
  const executablePath = defaultChromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium is missing at ${executablePath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  return {
    executablePath,
    args: web.chromiumArgs,
    webVersion: web.webVersion,
    webVersionCache: { type: "remote", remotePath: web.remotePath, strict: true },
  };
}
