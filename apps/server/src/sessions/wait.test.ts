import { describe, expect, it } from "vitest";
import { createLiveSession, type LiveSession } from "./live-session.ts";
import { type SessionLookup, waitForStatus } from "./wait.ts";

const FAST = { runningMs: 20, statusMs: 40, pollMs: 2 };

function lookup(lives: Map<string, LiveSession>, records: string[]): SessionLookup {
  return { live: (name) => lives.get(name), exists: async (name) => records.includes(name) };
}

describe("waitForStatus", () => {
  it("resolves once the session reaches the expected status", async () => {
    const live = createLiveSession("s", null);
    setTimeout(() => {
      live.status = "WORKING";
    }, 10);
    await expect(
      waitForStatus(lookup(new Map([["s", live]]), ["s"]), "s", ["WORKING"], FAST),
    ).resolves.toBe(live);
  });

  it("waits for a session that starts running during the wait", async () => {
    const lives = new Map<string, LiveSession>();
    setTimeout(() => {
      const live = createLiveSession("s", null);
      live.status = "WORKING";
      lives.set("s", live);
    }, 5);
    // A generous running wait: it ends as soon as the session appears, and a busy machine can
    // fire the 5 ms timer well after FAST's 20 ms (this flaked while e2e tests ran in parallel).
    const patient = { ...FAST, runningMs: 5_000 };
    await expect(
      waitForStatus(lookup(lives, ["s"]), "s", ["WORKING"], patient),
    ).resolves.toBeDefined();
  });

  it.each([
    ["", [], { message: "Session name is required" }],
    ["ghost", [], { message: 'Session "ghost" does not exist', details: { session: "ghost" } }],
    ["idle", ["idle"], { details: { session: "idle", status: "STOPPED", expected: ["WORKING"] } }],
  ])("rejects %j with WA_SESSION_NOT_READY", async (name, records, expected) => {
    const promise = waitForStatus(lookup(new Map(), records), name, ["WORKING"], FAST);
    await expect(promise).rejects.toMatchObject({ code: "WA_SESSION_NOT_READY", ...expected });
  });

  it("rejects with the current status when it never comes", async () => {
    const live = createLiveSession("s", null);
    const promise = waitForStatus(lookup(new Map([["s", live]]), ["s"]), "s", ["WORKING"], FAST);
    await expect(promise).rejects.toMatchObject({
      details: { status: "STARTING", expected: ["WORKING"] },
    });
  });

  it("rejects invalid names before waiting", async () => {
    await expect(
      waitForStatus(lookup(new Map(), []), "../x", ["WORKING"], FAST),
    ).rejects.toMatchObject({
      code: "WA_SESSION_NAME_INVALID",
    });
  });
});
