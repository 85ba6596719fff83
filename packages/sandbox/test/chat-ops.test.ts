/** @module Edits, revokes and pins reach the world's sent log; profile pictures come from the world. */
import type { proto } from "@whiskeysockets/baileys";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, pinSimulatorCertRoot, type Simulator } from "../src/index.ts";
import { pairClient, type TestClient } from "./helpers/baileys-client.ts";

const DAVE = "12025550301@c.us";
const DAVE_JID = "12025550301@s.whatsapp.net";

let sim: Simulator;
let client: TestClient;
let key: proto.IMessageKey;
beforeAll(async () => {
  pinSimulatorCertRoot();
  sim = await createSimulator();
  client = await pairClient(sim, "ops");
  await client.waitFor("messaging-history.set");
  const sent = await client.socket().sendMessage(DAVE_JID, { text: "original" });
  key = sent?.key as proto.IMessageKey;
});
afterAll(async () => {
  client.stop();
  await sim.close();
});

const last = () => sim.sent("ops").at(-1);
const target = () =>
  sim
    .account("ops")
    .chats.get(DAVE)
    ?.messages.find((m) => m.id === key.id);

describe("message operations", () => {
  it("the original text is recorded", async () => {
    await expect.poll(() => sim.sent("ops").length).toBe(1);
    expect(last()).toMatchObject({ kind: "text", id: key.id, text: "original" });
  });

  it("edit is recorded with the new text", async () => {
    await client.socket().sendMessage(DAVE_JID, { text: "edited", edit: key });
    await expect.poll(() => last()?.kind).toBe("edit");
    expect(last()).toMatchObject({ chatId: DAVE, targetId: key.id, text: "edited" });
    expect(target()?.editedText).toBe("edited");
  });

  it("pin and unpin are recorded", async () => {
    await client.socket().sendMessage(DAVE_JID, { pin: key, type: 1, time: 86_400 });
    await expect.poll(() => last()?.kind).toBe("pin");
    expect(last()?.targetId).toBe(key.id);
    expect(target()?.pinned).toBe(true);
    await client.socket().sendMessage(DAVE_JID, { pin: key, type: 2 });
    await expect.poll(() => last()?.kind).toBe("unpin");
    expect(target()?.pinned).toBe(false);
  });

  it("revoke is recorded", async () => {
    await client.socket().sendMessage(DAVE_JID, { delete: key });
    await expect.poll(() => last()?.kind).toBe("revoke");
    expect(last()).toMatchObject({ chatId: DAVE, targetId: key.id });
    expect(target()?.revoked).toBe(true);
  });
});

describe("profile pictures", () => {
  it("returns the world's URL", async () => {
    sim.setProfilePicture("ops", DAVE, "https://pps.example.test/dave.jpg");
    await expect(client.socket().profilePictureUrl(DAVE_JID, "image")).resolves.toBe(
      "https://pps.example.test/dave.jpg",
    );
  });

  it("fails with 404 when there is none", async () => {
    sim.setProfilePicture("ops", DAVE, null);
    await expect(client.socket().profilePictureUrl(DAVE_JID, "image")).rejects.toMatchObject({
      message: "item-not-found",
      data: 404,
    });
  });
});
