/** @module App-state both ways: the client's chatModify patches change the world; the phone's archive/delete reach the client. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, pinSimulatorCertRoot, type Simulator } from "../src/index.ts";
import { pairClient, type TestClient } from "./helpers/baileys-client.ts";

const BOB = "12025550201@c.us";
const BOB_JID = "12025550201@s.whatsapp.net";
const CAROL = "12025550202@c.us";
const CAROL_JID = "12025550202@s.whatsapp.net";

let sim: Simulator;
let client: TestClient;
const lastMessages = [
  { key: { remoteJid: BOB_JID, fromMe: false, id: "BOB1" }, messageTimestamp: 1_700_000_100 },
];

beforeAll(async () => {
  pinSimulatorCertRoot();
  sim = await createSimulator();
  sim.seedHistory("app", {
    chats: [
      {
        id: BOB,
        name: "Bob",
        messages: [{ id: "BOB1", fromMe: false, text: "yo", timestamp: 1_700_000_100 }],
      },
      {
        id: CAROL,
        name: "Carol",
        archived: true,
        messages: [{ id: "CAR1", fromMe: true, text: "hey", timestamp: 1_700_000_200 }],
      },
    ],
  });
  client = await pairClient(sim, "app");
  await client.waitFor("messaging-history.set", (h) => h.progress === 100);
});
afterAll(async () => {
  client.stop();
  await sim.close();
});

describe("client → world", () => {
  it("archive", async () => {
    await client.socket().chatModify({ archive: true, lastMessages }, BOB_JID);
    expect(sim.chatState("app", BOB).archived).toBe(true);
    await client.socket().chatModify({ archive: false, lastMessages }, BOB_JID);
    expect(sim.chatState("app", BOB).archived).toBe(false);
  });

  it("mark unread", async () => {
    await client.socket().chatModify({ markRead: false, lastMessages }, BOB_JID);
    expect(sim.chatState("app", BOB).markedUnread).toBe(true);
  });

  it("pin", async () => {
    await client.socket().chatModify({ pin: true }, BOB_JID);
    expect(sim.chatState("app", BOB).pinned).toBe(true);
  });

  it("clear", async () => {
    await client.socket().chatModify({ clear: true, lastMessages }, BOB_JID);
    expect(sim.chatState("app", BOB).cleared).toBe(true);
    expect(sim.account("app").chats.get(BOB)?.messages).toEqual([]);
  });

  it("delete", async () => {
    await client.socket().chatModify({ delete: true, lastMessages }, BOB_JID);
    expect(sim.chatState("app", BOB).deleted).toBe(true);
  });
});

describe("phone → client", () => {
  it("unarchive reaches chats.update", async () => {
    const update = client.waitForNext("chats.update", (u) =>
      u.some((c) => c.id === CAROL_JID && c.archived === false),
    );
    await sim.phoneSetArchived("app", CAROL, false);
    await update;
    expect(sim.chatState("app", CAROL).archived).toBe(false);
  });

  it("archive reaches chats.update", async () => {
    const update = client.waitForNext("chats.update", (u) =>
      u.some((c) => c.id === CAROL_JID && c.archived === true),
    );
    await sim.phoneSetArchived("app", CAROL, true);
    await update;
  });

  it("delete reaches chats.delete", async () => {
    const deleted = client.waitForNext("chats.delete", (ids) => ids.includes(CAROL_JID));
    await sim.phoneDeleteChat("app", CAROL);
    await deleted;
    expect(sim.chatState("app", CAROL).deleted).toBe(true);
  });

  it("the client can still patch after phone-side patches (LT-hash mirrors agree)", async () => {
    await client.socket().chatModify({ pin: true }, CAROL_JID);
    expect(sim.chatState("app", CAROL).pinned).toBe(true);
  });
});
