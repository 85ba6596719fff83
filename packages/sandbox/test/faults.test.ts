/** @module Faults: a socket dropped mid-history, a malformed frame, an unanswered query. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, pinSimulatorCertRoot, type Simulator } from "../src/index.ts";
import { pairClient } from "./helpers/baileys-client.ts";

let sim: Simulator;
beforeAll(async () => {
  pinSimulatorCertRoot();
  sim = await createSimulator({ historyChunkSize: 2, historyChunkDelayMs: 200 });
});
afterAll(() => sim.close());

describe("faults", () => {
  it("a socket dropped mid-history: Baileys reconnects and the rest of the history arrives", async () => {
    sim.seedHistory("drop", {
      chats: [
        {
          id: "12025550401@c.us",
          messages: Array.from({ length: 10 }, (_, i) => ({
            id: `DROP${i}`,
            fromMe: false,
            text: `m${i}`,
            timestamp: 1_700_000_000 + i,
          })),
        },
      ],
    });
    const client = await pairClient(sim, "drop");
    try {
      await client.waitFor("messaging-history.set", (h) => h.messages.length > 0);
      sim.dropConnection("drop");
      await client.waitFor("messaging-history.set", (h) => h.progress === 100);
      expect(client.sockets()).toBe(3); // QR socket, post-515 login, reconnect after the drop
      const ids = client.events
        .filter((e) => e.name === "messaging-history.set")
        .flatMap((e) => (e.data as any).messages.map((m: any) => m.key.id));
      expect(new Set(ids)).toEqual(new Set(Array.from({ length: 10 }, (_, i) => `DROP${i}`)));
      // Every stanza was eventually acknowledged, so nothing is pending redelivery.
      await expect.poll(() => sim.socketState("drop").unacked.size).toBe(0);
    } finally {
      client.stop();
    }
  }, 30_000);

  it("an unanswered query fails with 408 after the client's timeout, and works once answered again", async () => {
    const client = await pairClient(sim, "silent");
    try {
      sim.setProfilePicture("silent", "12025550402@c.us", "https://pps.example.test/x.jpg");
      sim.dropIqs("silent", ["w:profile:picture"]);
      await expect(
        client.socket().profilePictureUrl("12025550402@s.whatsapp.net", "image", 300),
      ).rejects.toMatchObject({ output: { statusCode: 408 } });
      sim.dropIqs("silent", []);
      await expect(
        client.socket().profilePictureUrl("12025550402@s.whatsapp.net", "image", 2_000),
      ).resolves.toBe("https://pps.example.test/x.jpg");
    } finally {
      client.stop();
    }
  });

  it("a malformed frame: Baileys raises an unhandled rejection but the connection stays usable", async () => {
    const client = await pairClient(sim, "garbage");
    // Baileys decodes frames in an async 'message' listener, so a bad frame surfaces as a process-level
    // unhandled rejection ("end of stream"). Capture it here instead of letting vitest report it.
    const vitestListeners = process.listeners("unhandledRejection");
    const captured: unknown[] = [];
    process.removeAllListeners("unhandledRejection");
    process.on("unhandledRejection", (reason) => captured.push(reason));
    try {
      await client.waitFor("messaging-history.set");
      sim.sendMalformedFrame("garbage");
      await expect.poll(() => captured.length).toBe(1);
      expect(String(captured[0])).toContain("end of stream");
      const { id } = await sim.pushIncomingText("garbage", "12025550403@c.us", "still there?");
      await client.waitFor("messages.upsert", (u) => u.messages.some((m) => m.key.id === id));
      expect(client.sockets()).toBe(2);
    } finally {
      process.removeAllListeners("unhandledRejection");
      for (const listener of vitestListeners) process.on("unhandledRejection", listener);
      client.stop();
    }
  });
});
