/** @module The world snapshot: its encoding round-trips, and the file is written coalesced and whole. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Curve } from "@whiskeysockets/baileys";
import { SessionRecord } from "libsignal";
import { afterAll, describe, expect, it } from "vitest";
import { appStateOf } from "../server/app-state.ts";
import { socketStateOf } from "../server/socket-state.ts";
import { applySeed } from "../world/ops.ts";
import { createWorld } from "../world/world.ts";
import { decode, encode } from "./codec.ts";
import { readSnapshot, snapshotFile } from "./snapshot-file.ts";
import { restoreAccounts, snapshotWorld } from "./world-snapshot.ts";

const dir = mkdtempSync(join(tmpdir(), "sim-snapshot-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("world snapshot", () => {
  it("encodes bytes, maps, sets and Signal sessions as JSON and back", () => {
    const value = {
      bytes: Buffer.from([1, 2, 255]),
      view: new Uint8Array([9, 8]),
      map: new Map([["a", { n: 1 }]]),
      set: new Set(["x"]),
      signal: new SessionRecord(),
      skipped: undefined,
      nested: [{ deep: Buffer.from("hi") }],
    };
    const back = decode(JSON.parse(JSON.stringify(encode(value)))) as typeof value;
    expect(back.bytes).toEqual(Buffer.from([1, 2, 255]));
    expect(back.view).toEqual(Buffer.from([9, 8]));
    expect(back.map.get("a")).toEqual({ n: 1 });
    expect([...back.set]).toEqual(["x"]);
    expect(back.signal).toBeInstanceOf(SessionRecord);
    expect("skipped" in back).toBe(false);
    expect(back.nested[0]?.deep.toString()).toBe("hi");
  });

  it("restores accounts with their socket state and app-state; unacked stanzas wait for the next login", () => {
    const world = createWorld();
    const account = world.account("s1");
    account.paired = true;
    account.historySent = true;
    applySeed(account, {
      chats: [
        {
          id: "14155550101@c.us",
          archived: true,
          messages: [{ fromMe: false, text: "hi", timestamp: 5 }],
        },
      ],
    });
    const socket = socketStateOf(account);
    socket.unacked.set("M1", { tag: "message", attrs: { id: "M1" }, content: Buffer.from("x") });
    socket.offlineQueue.push({ tag: "notification", attrs: { id: "N1" } });
    const keyId = appStateOf(account).keyId;
    const phoneIdentity = Curve.generateKeyPair();
    socket.phoneIdentity = phoneIdentity;

    const [restored] = restoreAccounts(snapshotWorld(world));
    if (!restored) throw new Error("no account restored");
    expect(restored).toMatchObject({ sessionKey: "s1", phone: account.phone, paired: true });
    expect(restored.chats.get("14155550101@c.us")?.state.archived).toBe(true);
    expect(appStateOf(restored).keyId).toEqual(keyId);
    const state = socketStateOf(restored);
    expect(state.phoneIdentity.private).toEqual(Buffer.from(phoneIdentity.private));
    expect(state.offlineQueue.map((node) => node.attrs.id)).toEqual(["M1", "N1"]);
    expect(state.unacked.size).toBe(0);
    // New accounts get numbers past the restored ones.
    const next = createWorld(undefined, [restored]).account("s2");
    expect(Number(next.phone)).toBeGreaterThan(Number(account.phone));
  });

  it("coalesces changes into whole-file writes; durable() resolves after a write that saw the change", async () => {
    const file = join(dir, "world.json");
    let state = 0;
    let snapshots = 0;
    const kept = snapshotFile(
      file,
      () => {
        snapshots++;
        return JSON.stringify({ state });
      },
      (error) => {
        throw error;
      },
      20,
    );
    state = 1;
    kept.changed();
    state = 2;
    await kept.durable();
    expect(JSON.parse((await readSnapshot(file)) ?? "")).toEqual({ state: 2 });
    expect(snapshots).toBe(1);
    state = 3;
    kept.changed();
    await kept.close();
    expect(readFileSync(file, "utf8")).toBe('{"state":3}');
    // No temporary file is left behind; a missing snapshot reads as null.
    expect(readdirSync(dir)).toEqual(["world.json"]);
    expect(await readSnapshot(join(dir, "none.json"))).toBeNull();
  });
});
