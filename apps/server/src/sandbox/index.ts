/**
 * @module Sandbox mode (`WA_SANDBOX=1`): the loopback WhatsApp simulator in the server process,
 * NOWEB pointed at it, sessions that pair by themselves into a demo world, and the control API.
 */
import type { App } from "../app.ts";
import { autoPair } from "./auto-pair.ts";
import { sandboxRoutes } from "./routes.ts";
import type { Sandbox } from "./start.ts";

export { DEMO, demoHistory } from "./demo-world.ts";
export { type Sandbox, startSandbox } from "./start.ts";

/** Options of {@link attachSandbox}. */
export interface AttachOptions {
  /** The simulated phone scans every QR by itself. @default true */
  autoPair?: boolean;
}

/** Adds the control routes (before `listen`) and auto-pairing; closing the app stops the simulator. */
export async function attachSandbox(app: App, sandbox: Sandbox, options: AttachOptions = {}) {
  await app.register(sandboxRoutes, { ctx: app.ctx, simulator: sandbox.simulator });
  const unsubscribe =
    options.autoPair === false ? () => {} : autoPair(app.ctx.bus, sandbox.simulator, app.log);
  app.addHook("onClose", async () => {
    unsubscribe();
    // Stop the sessions first (idempotent), so no engine sees its simulator vanish and reconnects.
    await app.ctx.sessions.shutdown();
    await sandbox.close();
  });
}
