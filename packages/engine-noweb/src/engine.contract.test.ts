/**
 * @module The shared engine contract (style T5): the NOWEB engine with the real Baileys against the
 * loopback WhatsApp simulator, one fresh simulated account per case; then NOWEB-specific checks.
 */
import { runEngineContract } from "@wa/engine-testkit";
import { createSimulator, createSimulatorWorldControl, type Simulator } from "@wa/sandbox";
import { afterAll, describe, expect, it } from "vitest";
import { createRecordingContext } from "../test/memory-context.ts";
import { createNowebEngine } from "./engine.ts";

let simulator: Promise<Simulator> | undefined;
let accounts = 0;
afterAll(async () => (await simulator)?.close());

const sharedSimulator = () => {
  simulator ??= createSimulator({ receiptDelayMs: 50 });
  return simulator;
};

const engineAgainst = (sim: Simulator) =>
  createNowebEngine({
    waWebSocketUrl: sim.url,
    certPublicKey: sim.certRootPublicKey,
    markOnlineOnConnect: false,
    defaultQueryTimeoutMs: 5_000,
    reconnect: { baseMs: 50, maxMs: 500 },
    socketConfig: { connectTimeoutMs: 5_000 },
  });

runEngineContract({
  name: "noweb",
  async create() {
    const sim = await sharedSimulator();
    // Without `enterPairingCode` the suite skips "pairs with a pairing code" ("the world cannot
    // enter pairing codes"). Why: that case asks a code for the fixed number 15550000000, while the
    // simulator completes only a request for the account's own number and does not strip the dash
    // of ABCD-EFGH. A named skip would be cleaner, but the suite rejects every skip list today (it
    // checks the titles before the nested groups are collected). The block below covers the flow.
    const { enterPairingCode: _notForTheSharedCase, ...world } = createSimulatorWorldControl(
      sim,
      `noweb-contract-${++accounts}`,
    );
    return { engine: engineAgainst(sim), world };
  },
});

describe("noweb: pairing code against the simulator", { timeout: 30_000 }, () => {
  it("pairs when the simulated phone enters the code for its own number", async () => {
    const sim = await sharedSimulator();
    const key = `noweb-code-${++accounts}`;
    const engine = engineAgainst(sim);
    const ctx = createRecordingContext();
    await engine.start(ctx);
    try {
      await expect
        .poll(() => ctx.events.some((e) => e.type === "session.status" && e.qr))
        .toBe(true);
      const code = await engine.requestPairingCode?.(sim.account(key).phone);
      expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      await sim.enterPairingCode(key, (code ?? "").replace("-", ""));
      await expect
        .poll(() => ctx.events.find((e) => e.type === "session.status" && e.status === "WORKING"), {
          timeout: 10_000,
        })
        .toMatchObject({ me: { id: `${sim.account(key).phone}@c.us` } });
    } finally {
      await engine.stop();
    }
  });
});
