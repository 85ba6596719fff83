/**
 * @module A child process for `stop.integration.test.ts`: pairs a NOWEB engine with the simulator,
 * waits until WORKING (the pre-key upload has started its timer by then), stops both and prints
 * `stopped`. Nothing else keeps it alive, so it must exit on its own right after.
 */
import { startSession } from "@wa/core";
import { createSimulator } from "@wa/sandbox";
import { createNowebEngine } from "../src/engine.ts";
import { createRecordingContext } from "./memory-context.ts";

const sim = await createSimulator({});
const engine = createNowebEngine({
  waWebSocketUrl: sim.url,
  certPublicKey: sim.certRootPublicKey,
  markOnlineOnConnect: false,
});
const ctx = createRecordingContext();
const started = await startSession(engine, ctx, {
  timeoutMs: 30_000,
  onQr: (qr) => void sim.scanQr("default", qr),
});
// Let the post-login work (pre-key count and upload, history) run as it would in an app.
await new Promise((resolve) => setTimeout(resolve, 1_000));
await engine.stop();
await sim.close();
process.stdout.write(`${JSON.stringify({ stopped: started.status })}\n`);
