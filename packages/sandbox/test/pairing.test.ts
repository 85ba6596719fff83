/** @module Handshake, QR pairing, the 515 restart and login of the real Baileys against the simulator. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, pinSimulatorCertRoot, type Simulator } from "../src/index.ts";
import { closeCode, pairClient, startClient } from "./helpers/baileys-client.ts";
import { memoryAuthState } from "./helpers/memory-auth.ts";

let sim: Simulator;
beforeAll(async () => {
  pinSimulatorCertRoot();
  sim = await createSimulator();
});
afterAll(() => sim.close());

describe("pairing and login", () => {
  it("pairs through the QR, restarts on 515 and opens", async () => {
    const client = await pairClient(sim, "pair-1");
    try {
      const account = sim.account("pair-1");
      expect(client.auth.creds.me?.id).toBe(`${account.phone}:1@s.whatsapp.net`);
      expect(client.auth.creds.me?.lid).toBe(`${account.lid}:1@lid`);
      expect(client.sockets()).toBe(2);
      const closes = client.events.filter(
        (e) => e.name === "connection.update" && (e.data as any).connection === "close",
      );
      expect(closeCode(closes[0]?.data as any)).toBe(515);
      expect(sim.isOnline("pair-1")).toBe(true);
    } finally {
      client.stop();
    }
  });
});

describe("login with stored credentials", () => {
  it("reconnects with the stored creds without a QR", async () => {
    const first = await pairClient(sim, "pair-2");
    first.stop();
    const again = startClient(sim, { auth: first.auth });
    try {
      await again.waitFor("connection.update", (u) => u.connection === "open");
      expect(again.events.some((e) => e.name === "connection.update" && (e.data as any).qr)).toBe(
        false,
      );
      expect(again.auth.creds.me?.id).toBe(first.auth.creds.me?.id);
    } finally {
      again.stop();
    }
  });

  it("rejects credentials the phone unlinked with 401 (logged out)", async () => {
    const client = await pairClient(sim, "pair-3");
    const closing = client.waitForNext("connection.update", (u) => u.connection === "close");
    sim.logout("pair-3");
    const update = await closing;
    expect(closeCode(update)).toBe(401);
    client.stop();
    const again = startClient(sim, { auth: client.auth, reconnect: false });
    const closed = await again.waitFor("connection.update", (u) => u.connection === "close");
    expect(closeCode(closed)).toBe(401);
    again.stop();
  });
});

describe("pairing code", () => {
  it("pairs with the code the client requested, restarts on 515 and opens", async () => {
    const client = startClient(sim);
    try {
      await client.waitFor("connection.update", (u) => !!u.qr);
      const phone = sim.account("code-1").phone;
      const code = await client.socket().requestPairingCode(phone);
      await sim.enterPairingCode("code-1", code);
      await client.waitFor("connection.update", (u) => u.connection === "open");
      expect(client.auth.creds.me?.id).toBe(`${phone}:1@s.whatsapp.net`);
      expect(client.auth.creds.registered).toBe(true);
    } finally {
      client.stop();
    }
  });

  it("a wrong code does not pair", async () => {
    const client = startClient(sim, { reconnect: false });
    try {
      await client.waitFor("connection.update", (u) => !!u.qr);
      await client.socket().requestPairingCode(sim.account("code-2").phone, "ABCDEFGH");
      await expect(sim.enterPairingCode("code-2", "ZZZZZZZZ")).rejects.toThrow(
        /unable to authenticate/,
      );
      expect(sim.account("code-2").paired).toBe(false);
    } finally {
      client.stop();
    }
  });

  it("accepts a code requested for another number, typed as ABCD-EFGH; the client gets the account's number", async () => {
    const client = startClient(sim);
    try {
      await client.waitFor("connection.update", (u) => !!u.qr);
      const code = await client.socket().requestPairingCode("15550000000");
      await sim.enterPairingCode("code-3", `${code.slice(0, 4)}-${code.slice(4)}`);
      await client.waitFor("connection.update", (u) => u.connection === "open");
      expect(client.auth.creds.me?.id).toBe(`${sim.account("code-3").phone}:1@s.whatsapp.net`);
    } finally {
      client.stop();
    }
  });
});

describe("pre-registered credentials", () => {
  it("logs in without pairing and works end to end", async () => {
    const auth = memoryAuthState();
    sim.registerCreds("prereg", auth.creds);
    const client = startClient(sim, { auth });
    try {
      await client.waitFor("connection.update", (u) => u.connection === "open");
      await client.waitFor("messaging-history.set");
      expect(client.events.some((e) => e.name === "connection.update" && (e.data as any).qr)).toBe(
        false,
      );
      const sent = await client
        .socket()
        .sendMessage("12025550777@s.whatsapp.net", { text: "no qr needed" });
      await expect.poll(() => sim.sent("prereg").some((r) => r.id === sent?.key.id)).toBe(true);
    } finally {
      client.stop();
    }
  });
});

describe("client logout and offline delivery", () => {
  it("sock.logout() unlinks the device: the creds no longer log in", async () => {
    const client = await pairClient(sim, "bye");
    await client.socket().logout();
    await expect.poll(() => sim.account("bye").paired).toBe(false);
    client.stop();
    const again = startClient(sim, { auth: client.auth, reconnect: false });
    expect(
      closeCode(await again.waitFor("connection.update", (u) => u.connection === "close")),
    ).toBe(401);
    again.stop();
  });

  it("messages pushed while the client is offline arrive after it logs in again", async () => {
    const first = await pairClient(sim, "offline");
    await first.waitFor("messaging-history.set");
    first.stop();
    await expect.poll(() => sim.isOnline("offline")).toBe(false);
    const { id } = await sim.pushIncomingText("offline", "12025550888@c.us", "while you were away");
    const again = startClient(sim, { auth: first.auth });
    try {
      const upsert = await again.waitFor("messages.upsert", (u) =>
        u.messages.some((m) => m.key.id === id),
      );
      expect(upsert.messages.find((m) => m.key.id === id)?.message?.conversation).toBe(
        "while you were away",
      );
    } finally {
      again.stop();
    }
  });
});
