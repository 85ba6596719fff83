/**
 * @module The shared engine contract (style T5): the NOWEB engine with the real Baileys against the
 * loopback WhatsApp simulator, one fresh simulated account per case. Nothing is skipped by name.
 */
import { runEngineContract } from "@wa/engine-testkit";
import { createSimulator, createSimulatorWorldControl, type Simulator } from "@wa/sandbox";
import { afterAll } from "vitest";
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
    mediaDispatcher: sim.mediaDispatcher,
  });

runEngineContract({
  name: "noweb",
  async create() {
    const sim = await sharedSimulator();
    const world = createSimulatorWorldControl(sim, `noweb-contract-${++accounts}`);
    return { engine: engineAgainst(sim), world };
  },
});
