/** @module Auth state over an in-memory AuthStateStore: restore without a new QR, batched writes, protobuf app-state keys. */
import * as baileys from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { createMemoryAuthStore } from "../test/memory-context.ts";
import { CREDS_KEY, loadAuthState } from "./auth-state.ts";

describe("auth state over an AuthStateStore", () => {
  it("initialises fresh creds, then restores the same ones after a restart", async () => {
    const store = createMemoryAuthStore();
    const first = await loadAuthState(store, baileys);
    expect(first.restored).toBe(false);
    first.state.creds.me = { id: "14155550100:3@s.whatsapp.net", name: "Me" };
    await first.saveCreds();

    const second = await loadAuthState(store, baileys);
    expect(second.restored).toBe(true);
    expect(second.state.creds.me).toEqual({ id: "14155550100:3@s.whatsapp.net", name: "Me" });
    // Key material comes back as Buffers, byte for byte.
    expect(Buffer.isBuffer(second.state.creds.noiseKey.private)).toBe(true);
    expect(Buffer.from(second.state.creds.noiseKey.private)).toEqual(
      Buffer.from(first.state.creds.noiseKey.private),
    );
    expect(second.state.creds.signedPreKey.signature).toEqual(
      Buffer.from(first.state.creds.signedPreKey.signature),
    );
  });

  it("writes every key of one set() in a single setMany, and deletes with null", async () => {
    const store = createMemoryAuthStore();
    const { state } = await loadAuthState(store, baileys);
    await state.keys.set({
      "pre-key": { "1": baileys.Curve.generateKeyPair(), "2": baileys.Curve.generateKeyPair() },
      session: { "14155550123.0": Buffer.from("session-bytes") },
    });
    expect(store.setManyCalls).toEqual([3]);
    const sessions = await state.keys.get("session", ["14155550123.0", "missing"]);
    expect(sessions["14155550123.0"]).toEqual(Buffer.from("session-bytes"));
    expect("missing" in sessions).toBe(false);

    await state.keys.set({ "pre-key": { "1": null } });
    expect(Object.keys(await state.keys.get("pre-key", ["1", "2"]))).toEqual(["2"]);
  });

  it("revives app-state sync keys as protobuf objects", async () => {
    const store = createMemoryAuthStore();
    const { state } = await loadAuthState(store, baileys);
    const keyData = baileys.proto.Message.AppStateSyncKeyData.fromObject({
      keyData: Buffer.alloc(32, 7),
      fingerprint: { rawId: 1, currentIndex: 0, deviceIndexes: [0] },
      timestamp: 1764140000,
    });
    await state.keys.set({ "app-state-sync-key": { AAAAAQ: keyData } });
    const { AAAAAQ } = await state.keys.get("app-state-sync-key", ["AAAAAQ"]);
    expect(AAAAAQ).toBeInstanceOf(baileys.proto.Message.AppStateSyncKeyData);
    expect(Buffer.from(AAAAAQ?.keyData ?? [])).toEqual(Buffer.alloc(32, 7));
  });

  it("clear() forgets creds and keys", async () => {
    const store = createMemoryAuthStore();
    const auth = await loadAuthState(store, baileys);
    await auth.saveCreds();
    await auth.state.keys.set({ session: { a: Buffer.from("x") } });
    await auth.clear();
    expect(await store.get(CREDS_KEY)).toBeNull();
    expect(store.size()).toBe(0);
    // A dying socket writing afterwards does not bring the session back.
    await auth.saveCreds();
    await auth.state.keys.set({ session: { b: Buffer.from("y") } });
    expect(store.size()).toBe(0);
    expect((await loadAuthState(store, baileys)).restored).toBe(false);
  });
});
