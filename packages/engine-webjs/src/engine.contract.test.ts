/**
 * @module The shared engine contract (style T5): the WEBJS engine with the real whatsapp-web.js in
 * Chromium against the fake WhatsApp Web page of `@wa/sandbox`, one simulated account and one fresh
 * profile directory per case, one simulator for the file. Nothing is skipped by name.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runEngineContract } from "@wa/engine-testkit";
import { createSimulatorWorldControl } from "@wa/sandbox";
import { afterAll } from "vitest";
import { sharedFakeWeb, webjsTestOptions } from "../test/fake-web.ts";
import { createWebjsEngine } from "./engine.ts";

const root = mkdtempSync(join(tmpdir(), "wa-webjs-contract-"));
let accounts = 0;
// Generous: removing every case's Chromium profile takes long on a loaded machine.
afterAll(() => rmSync(root, { recursive: true, force: true }), 120_000);

runEngineContract({
  name: "webjs",
  timeoutMs: 20_000,
  async create() {
    const { sim, web } = await sharedFakeWeb();
    const name = `webjs-contract-${++accounts}`;
    const engine = createWebjsEngine({ ...webjsTestOptions(web), dataDir: join(root, name) });
    return { engine, world: createSimulatorWorldControl(sim, name) };
  },
});
