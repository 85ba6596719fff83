/** @module Messages both ways: contacts' messages (plaintext and Signal) reach `messages.upsert`; the client's texts are decrypted by the simulated contact and receipts take them to READ. */
import { proto } from "@whiskeysockets/baileys";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, pinSimulatorCertRoot, type Simulator } from "../src/index.ts";
import { pairClient, type TestClient } from "./helpers/baileys-client.ts";

const ALICE = "12025550101@c.us";
const ALICE_JID = "12025550101@s.whatsapp.net";

let sim: Simulator;
let client: TestClient;
beforeAll(async () => {
  pinSimulatorCertRoot();
  sim = await createSimulator({ receiptDelayMs: 100 });
  client = await pairClient(sim, "msg");
  await client.waitFor("messaging-history.set");
});
afterAll(async () => {
  client.stop();
  await sim.close();
});

const upsertOf = (id: string) =>
  client.waitFor("messages.upsert", (u) => u.messages.some((m) => m.key.id === id));

describe("incoming", () => {
  it("a plaintext text arrives in messages.upsert", async () => {
    const { id, wire } = await sim.pushIncomingText("msg", ALICE, "hi from alice");
    expect(wire).toBe("plaintext");
    const upsert = await upsertOf(id);
    const msg = upsert.messages.find((m) => m.key.id === id);
    expect(upsert.type).toBe("notify");
    expect(msg?.key.fromMe).toBe(false);
    expect(msg?.key.remoteJid).toBe(ALICE_JID);
    expect(msg?.message?.conversation).toBe("hi from alice");
  });

  it("real Signal (pkmsg) texts arrives in messages.upsert", async () => {
    const first = await sim.pushIncomingText("msg", "12025550102@c.us", "sealed one", {
      signal: true,
    });
    const second = await sim.pushIncomingText("msg", "12025550102@c.us", "sealed two", {
      signal: true,
    });
    const a = (await upsertOf(first.id)).messages.find((m) => m.key.id === first.id);
    const b = (await upsertOf(second.id)).messages.find((m) => m.key.id === second.id);
    // libsignal keeps sending pre-key messages until the contact hears back from the client.
    expect([first.wire, second.wire]).toEqual(["pkmsg", "pkmsg"]);
    expect(a?.message?.conversation).toBe("sealed one");
    expect(b?.message?.conversation).toBe("sealed two");
  });

  it("a group message carries its participant", async () => {
    const { id } = await sim.pushIncomingText("msg", "120363000000000001@g.us", "hello group", {
      participant: ALICE,
    });
    const msg = (await upsertOf(id)).messages.find((m) => m.key.id === id);
    expect(msg?.key.remoteJid).toBe("120363000000000001@g.us");
    expect(msg?.key.participant).toBe(ALICE_JID);
    expect(msg?.message?.conversation).toBe("hello group");
  });
});

describe("contact edits and revokes", () => {
  it("an edit reaches messages.update with the new text; a revoke with stub REVOKE", async () => {
    const { id } = await sim.pushIncomingText("msg", ALICE, "typo");
    await upsertOf(id);
    const edited = client.waitForNext("messages.update", (u) =>
      u.some((x) => x.key.id === id && !!x.update.message?.editedMessage),
    );
    await sim.pushIncomingEdit("msg", ALICE, id, "fixed");
    const edit = (await edited).find((x) => x.key.id === id);
    expect(edit?.update.message?.editedMessage?.message?.conversation).toBe("fixed");
    const revoked = client.waitForNext("messages.update", (u) =>
      u.some(
        (x) => x.key.id === id && x.update.messageStubType === proto.WebMessageInfo.StubType.REVOKE,
      ),
    );
    await sim.pushIncomingRevoke("msg", ALICE, id);
    await revoked;
    const inWorld = sim
      .account("msg")
      .chats.get(ALICE)
      ?.messages.find((m) => m.id === id);
    expect(inWorld).toMatchObject({ text: "typo", editedText: "fixed", revoked: true });
  });
});

describe("from the phone", () => {
  it("a text the phone sent arrives as fromMe in the contact's chat", async () => {
    const { id } = sim.pushPhoneSentText("msg", ALICE, "sent on the phone");
    const msg = (await upsertOf(id)).messages.find((m) => m.key.id === id);
    expect(msg?.key).toMatchObject({ remoteJid: ALICE_JID, fromMe: true });
    expect(msg?.message?.conversation).toBe("sent on the phone");
  });
});

describe("outgoing", () => {
  it("a sent text is decrypted by the contact, recorded, and receipts take it to READ", async () => {
    const sent = await client.socket().sendMessage(ALICE_JID, { text: "hello from baileys" });
    const id = sent?.key.id as string;
    await client.waitFor("messages.update", (updates) =>
      updates.some((u) => u.key.id === id && u.update.status === proto.WebMessageInfo.Status.READ),
    );
    expect(sim.sent("msg")).toContainEqual({
      kind: "text",
      chatId: ALICE,
      id,
      text: "hello from baileys",
    });
    expect(
      sim
        .account("msg")
        .chats.get(ALICE)
        ?.messages.some((m) => m.id === id && m.fromMe),
    ).toBe(true);
  });

  it("a second text to the same contact is decrypted too", async () => {
    const sent = await client.socket().sendMessage(ALICE_JID, { text: "again" });
    const id = sent?.key.id as string;
    await client.waitFor("messages.update", (updates) => updates.some((u) => u.key.id === id));
    expect(
      sim
        .sent("msg")
        .filter((r) => r.kind === "text")
        .map((r) => r.text),
    ).toContain("again");
  });

  it("readMessages is recorded as read receipts", async () => {
    const { id } = await sim.pushIncomingText("msg", ALICE, "please read");
    const msg = (await upsertOf(id)).messages.find((m) => m.key.id === id);
    await client.socket().readMessages([msg?.key as proto.IMessageKey]);
    await expect
      .poll(() => sim.sent("msg").some((r) => r.kind === "read" && r.targetId === id))
      .toBe(true);
  });

  it("the phone reading a message reaches the client as status READ (read-self)", async () => {
    const { id } = await sim.pushIncomingText("msg", ALICE, "read on the phone");
    await upsertOf(id);
    const read = client.waitForNext("messages.update", (updates) =>
      updates.some((u) => u.key.id === id && u.update.status === proto.WebMessageInfo.Status.READ),
    );
    sim.phoneReadMessages("msg", ALICE, [id]);
    const updates = await read;
    expect(updates.find((u) => u.key.id === id)?.key).toMatchObject({
      remoteJid: ALICE_JID,
      fromMe: false,
    });
  });
});

describe("groups", () => {
  const TEAM = "120363000000000077@g.us";

  it("a text to a group is decrypted from the sender key, recorded, and members' receipts arrive", async () => {
    sim.pushHistory("msg", {
      chats: [
        {
          id: TEAM,
          name: "Team",
          messages: [{ fromMe: false, text: "hi", timestamp: 1_700_000_000, participant: ALICE }],
        },
      ],
    });
    await client.waitFor("messaging-history.set", (h) => h.chats.some((c) => c.id === TEAM));
    const sent = await client.socket().sendMessage(TEAM, { text: "hello team" });
    const id = sent?.key.id as string;
    await expect
      .poll(() => sim.sent("msg").find((r) => r.id === id))
      .toEqual({
        kind: "text",
        chatId: TEAM,
        id,
        text: "hello team",
      });
    await client.waitFor("message-receipt.update", (updates) =>
      updates.some(
        (u) => u.key.id === id && u.receipt.userJid === ALICE_JID && !!u.receipt.readTimestamp,
      ),
    );
    const second = await client.socket().sendMessage(TEAM, { text: "again, sender key reused" });
    await expect.poll(() => sim.sent("msg").some((r) => r.id === second?.key.id)).toBe(true);
  });
});
