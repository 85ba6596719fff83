/** @module Many sessions on one simulator, and the testkit `WorldControl` adapter driving one of them. */
import { CONTRACT_SEED } from "@wa/engine-testkit";
import { proto } from "@whiskeysockets/baileys";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSimulator,
  createSimulatorWorldControl,
  pinSimulatorCertRoot,
  type Simulator,
} from "../src/index.ts";
import { pairClient, startClient } from "./helpers/baileys-client.ts";

let sim: Simulator;
beforeAll(async () => {
  pinSimulatorCertRoot();
  sim = await createSimulator();
});
afterAll(() => sim.close());

describe("concurrent sessions", () => {
  it("pairs four clients at once; each sees only its own history and messages", async () => {
    const keys = ["multi-a", "multi-b", "multi-c", "multi-d"];
    keys.forEach((key, i) => {
      sim.seedHistory(key, {
        chats: [
          {
            id: `1202555090${i}@c.us`,
            messages: [{ id: `MULTI${i}`, fromMe: false, text: key, timestamp: 1_700_000_000 }],
          },
        ],
      });
    });
    const clients = await Promise.all(keys.map((key) => pairClient(sim, key)));
    try {
      const phones = new Set(clients.map((c) => c.auth.creds.me?.id));
      expect(phones.size).toBe(4);
      for (const [i, client] of clients.entries()) {
        const set = await client.waitFor("messaging-history.set", (h) => h.messages.length > 0);
        expect(set.messages.map((m) => m.key.id)).toEqual([`MULTI${i}`]);
      }
      const pushed = await Promise.all(
        keys.map((key) => sim.pushIncomingText(key, "12025550999@c.us", `to ${key}`)),
      );
      for (const [i, client] of clients.entries()) {
        const upsert = await client.waitFor("messages.upsert", (u) =>
          u.messages.some((m) => m.message?.conversation?.startsWith("to multi")),
        );
        expect(upsert.messages.map((m) => m.key.id)).toEqual([pushed[i]?.id]);
        expect(upsert.messages[0]?.message?.conversation).toBe(`to ${keys[i]}`);
      }
    } finally {
      for (const client of clients) client.stop();
    }
  }, 30_000);
});

describe("createSimulatorWorldControl", () => {
  it("drives a session through the testkit interface", async () => {
    const world = createSimulatorWorldControl(sim, "wc");
    await world.seedHistory(CONTRACT_SEED);
    await world.setProfilePicture("15550001001@c.us", "https://pps.example.test/alice.jpg");
    const client = startClient(sim);
    try {
      const { qr } = await client.waitFor("connection.update", (u) => !!u.qr);
      await world.scanQr(qr as string);
      await client.waitFor("connection.update", (u) => u.connection === "open");
      const history = await client.waitFor("messaging-history.set", (h) => h.progress === 100);
      expect(history.chats.map((c) => c.id)).toContain("120363000000000001@g.us");

      const { id } = await world.pushIncomingText("120363000000000001@g.us", "hi team", {
        participant: "15550001003@c.us",
      });
      const upsert = await client.waitFor("messages.upsert", (u) =>
        u.messages.some((m) => m.key.id === id),
      );
      expect(upsert.messages[0]?.key.participant).toBe("15550001003@s.whatsapp.net");

      // Alice has a LID in the seed: Baileys encrypts to it, the simulator maps it back to her chat.
      const sent = await client
        .socket()
        .sendMessage("15550001001@s.whatsapp.net", { text: "to alice" });
      await client.waitFor("messages.update", (u) =>
        u.some(
          (x) => x.key.id === sent?.key.id && x.update.status === proto.WebMessageInfo.Status.READ,
        ),
      );
      expect(await world.sent()).toContainEqual({
        kind: "text",
        chatId: "15550001001@c.us",
        id: sent?.key.id,
        text: "to alice",
      });

      const archived = client.waitForNext("chats.update", (u) =>
        u.some((c) => c.archived === false),
      );
      await world.phoneSetArchived("15550001002@c.us", false);
      await archived;
      expect((await world.chatState("15550001002@c.us")).archived).toBe(false);

      await expect(
        client.socket().profilePictureUrl("15550001001@s.whatsapp.net", "image"),
      ).resolves.toBe("https://pps.example.test/alice.jpg");

      expect(sim.socketState("wc").unknownIqs).toEqual([]);
      const reopened = client.waitForNext("connection.update", (u) => u.connection === "open");
      await world.dropConnection();
      await reopened;
    } finally {
      client.stop();
    }
  }, 30_000);
});
