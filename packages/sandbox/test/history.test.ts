/** @module History sync: a seeded phone history reaches the real Baileys as `messaging-history.set`, in chunks with progress. */
import type { HistorySeed } from "@wa/engine-testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, pinSimulatorCertRoot, type Simulator } from "../src/index.ts";
import { pairClient } from "./helpers/baileys-client.ts";

function seedOf(chats: number, messages: number): HistorySeed {
  return {
    chats: Array.from({ length: chats }, (_, c) => ({
      id: `1202555${String(c).padStart(4, "0")}@c.us`,
      name: `Chat ${c}`,
      archived: c === 0,
      unreadCount: c,
      messages: Array.from({ length: messages }, (_, m) => ({
        id: `SEED${c}X${m}`,
        fromMe: m % 2 === 0,
        text: `message ${m} of chat ${c}`,
        timestamp: 1_700_000_000 + c * 1000 + m,
      })),
    })),
    contacts: [{ id: "12025550000@c.us", name: "Zero", pushName: "Zed" }],
  };
}

let sim: Simulator;
beforeAll(async () => {
  pinSimulatorCertRoot();
  sim = await createSimulator({ historyChunkSize: 4 });
});
afterAll(() => sim.close());

describe("history sync", () => {
  it("delivers N chats × M messages in chunks, the last one complete", async () => {
    sim.seedHistory("hist-1", seedOf(3, 4));
    const client = await pairClient(sim, "hist-1");
    try {
      await client.waitFor("messaging-history.set", (h) => h.progress === 100);
      const sets = client.events
        .filter((e) => e.name === "messaging-history.set")
        .map((e) => e.data as any);
      expect(sets.length).toBe(4); // one PUSH_NAME sync, then three conversation chunks
      const chats = sets.flatMap((s) => s.chats);
      const messages = sets.flatMap((s) => s.messages);
      expect(new Set(chats.map((c: any) => c.id))).toEqual(
        new Set([
          "12025550000@s.whatsapp.net",
          "12025550001@s.whatsapp.net",
          "12025550002@s.whatsapp.net",
        ]),
      );
      expect(messages).toHaveLength(12);
      expect(messages.find((m: any) => m.key.id === "SEED1X3")?.message?.conversation).toBe(
        "message 3 of chat 1",
      );
      expect(chats.find((c: any) => c.id === "12025550000@s.whatsapp.net")?.archived).toBe(true);
      expect(sets.map((s) => s.progress).slice(1)).toEqual([33, 67, 100]);
      const contacts = sets.flatMap((s) => s.contacts);
      expect(
        contacts.some((c: any) => c.id === "12025550000@s.whatsapp.net" && c.notify === "Zed"),
      ).toBe(true);
    } finally {
      client.stop();
    }
  });

  it("records the seed in the world", () => {
    const chat = sim.account("hist-1").chats.get("12025550001@c.us");
    expect(chat?.messages.map((m) => m.id)).toEqual(["SEED1X0", "SEED1X1", "SEED1X2", "SEED1X3"]);
  });

  it("sends an empty sync when nothing is seeded, so the client is not held for 20 s", async () => {
    const client = await pairClient(sim, "hist-2");
    try {
      const set = await client.waitFor("messaging-history.set");
      expect(set.chats).toEqual([]);
    } finally {
      client.stop();
    }
  });

  it("pushes more history later", async () => {
    const client = await pairClient(sim, "hist-3");
    try {
      await client.waitFor("messaging-history.set");
      const next = client.waitForNext("messaging-history.set", (h) => h.messages.length > 0);
      sim.pushHistory("hist-3", seedOf(1, 2));
      const set = await next;
      expect(set.messages.map((m) => m.key.id)).toEqual(["SEED0X0", "SEED0X1"]);
    } finally {
      client.stop();
    }
  });
});
