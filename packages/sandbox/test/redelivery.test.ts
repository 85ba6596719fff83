/**
 * @module Offline delivery as WhatsApp does it: a message the client never acknowledged stays pending
 * and comes again when the client logs in again (as often as it takes); an acknowledged one does not.
 * The real Baileys is the client; its acknowledgements are dropped on the wire to play a crash.
 */
import type { WASocket } from "@whiskeysockets/baileys";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, pinSimulatorCertRoot, type Simulator } from "../src/index.ts";
import { pairClient, type TestClient } from "./helpers/baileys-client.ts";

const KEY = "redeliver";
const ALICE = "12025550701@c.us";

let sim: Simulator;
beforeAll(async () => {
  pinSimulatorCertRoot();
  sim = await createSimulator({ receiptDelayMs: 50 });
});
afterAll(() => sim.close());

/** Drops every frame the socket writes from the moment `shouldMute` says so (the client "crashed"). */
function muteWhen(sock: WASocket, shouldMute: () => boolean) {
  const raw = (sock.ws as unknown as { socket: { send(...args: unknown[]): void } }).socket;
  const send = raw.send.bind(raw);
  raw.send = (data: unknown, ...rest: unknown[]) => {
    if (!shouldMute()) return send(data, ...rest);
    const callback = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
    callback?.();
  };
}

const upsertsOf = (client: TestClient, id: string) =>
  client.events.filter(
    (e) =>
      e.name === "messages.upsert" &&
      (e.data as { messages: { key: { id?: string } }[] }).messages.some((m) => m.key.id === id),
  ).length;

describe("offline redelivery", () => {
  it("redelivers what the client never acknowledged on each login until it does, and nothing else", async () => {
    let muted = false;
    let pendingId = "";
    const client = await pairClient(sim, KEY, {
      onSocket(sock, count) {
        if (count === 2) muteWhen(sock, () => muted);
        // The third socket gets the message again and "crashes" once more before acknowledging it.
        if (count === 3) {
          let seen = false;
          sock.ws.on("frame", (frame: { attrs?: { id?: string } }) => {
            if (frame.attrs?.id === pendingId) seen = true;
          });
          muteWhen(sock, () => seen);
        }
      },
    });
    try {
      const acked = await sim.pushIncomingText(KEY, ALICE, "acknowledged");
      await client.waitFor("messages.upsert", (u) => u.messages.some((m) => m.key.id === acked.id));
      await expect.poll(() => sim.socketState(KEY).unacked.has(acked.id)).toBe(false);

      muted = true;
      const lost = await sim.pushIncomingText(KEY, ALICE, "never acknowledged");
      pendingId = lost.id;
      await client.waitFor("messages.upsert", (u) => u.messages.some((m) => m.key.id === lost.id));
      // Received, but its receipt never left the client: still pending.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(sim.socketState(KEY).unacked.has(lost.id)).toBe(true);

      sim.dropConnection(KEY);
      await expect.poll(() => upsertsOf(client, lost.id), { timeout: 15_000 }).toBe(2);
      // Delivered again, not acknowledged again (socket 3 dropped its receipt): pending once more.
      expect(client.sockets()).toBe(3);
      expect(sim.socketState(KEY).unacked.has(lost.id)).toBe(true);

      sim.dropConnection(KEY);
      await expect.poll(() => upsertsOf(client, lost.id), { timeout: 15_000 }).toBe(3);
      await expect.poll(() => sim.socketState(KEY).unacked.size).toBe(0);
      expect(upsertsOf(client, acked.id)).toBe(1);
      expect(sim.socketState(KEY).offlineQueue).toHaveLength(0);
    } finally {
      client.stop();
    }
  }, 45_000);
});
