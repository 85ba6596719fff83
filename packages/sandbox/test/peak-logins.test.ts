/** @module The simulator's count of connections logged in at once per device (several-instance tests assert it stays 1). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, pinSimulatorCertRoot, type Simulator } from "../src/index.ts";
import { pairClient, startClient } from "./helpers/baileys-client.ts";

let sim: Simulator;
beforeAll(async () => {
  pinSimulatorCertRoot();
  sim = await createSimulator();
});
afterAll(() => sim.close());

describe("peak logins per device", () => {
  it("stays 1 across reconnects, and sees two clients driving one device at once", async () => {
    const first = await pairClient(sim, "peak");
    try {
      sim.dropConnection("peak");
      await first.waitForNext("connection.update", (u) => u.connection === "open");
      expect(sim.peakLogins("peak")).toBe(1);
      // A second client with the same credentials while the first is still connected.
      const second = startClient(sim, { auth: first.auth, reconnect: false });
      try {
        await second.waitFor("connection.update", (u) => u.connection === "open");
        expect(sim.peakLogins("peak")).toBe(2);
      } finally {
        second.stop();
      }
    } finally {
      first.stop();
    }
  }, 30_000);
});
