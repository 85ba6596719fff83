import { describe, expect, it } from "vitest";
import { createLiveSession, type LiveSession } from "./live-session.ts";
import { type SessionLookup, waitForStatus } from "./wait.ts";

const FAST = { runningMs: 20, statusMs: 40, pollMs: 2 };

/** `records`: the stored sessions, each meant to run unless listed in `stopped`. */
function lookup(
  lives: Map<string, LiveSession>,
  records: string[],
  stopped: string[] = [],
  settled: () => Promise<void> = async () => {},
): SessionLookup {
  return {
    live: (name) => lives.get(name),
    running: async (name) => (records.includes(name) ? !stopped.includes(name) : null),
    settled,
  };
}

/** Waits long enough to fail a test that waits when it should answer at once. */
const PATIENT = { runningMs: 60_000, statusMs: 60_000, pollMs: 2 };

describe("waitForStatus", () => {
  it("resolves once the session reaches the expected status", async () => {
    const live = createLiveSession("s", null);
    setTimeout(() => {
      live.status = "WORKING";
    }, 10);
    // A generous status wait: it ends as soon as the status flips, however late the timer fires.
    const patient = { ...FAST, statusMs: 5_000 };
    await expect(
      waitForStatus(lookup(new Map([["s", live]]), ["s"]), "s", ["WORKING"], patient),
    ).resolves.toBe(live);
  });

  it("waits for a session meant to run (restored after a restart) that starts during the wait", async () => {
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
    const promise = waitForStatus(lookup(new Map(), records, records), name, ["WORKING"], FAST);
    await expect(promise).rejects.toMatchObject({ code: "WA_SESSION_NOT_READY", ...expected });
  });

  it("rejects with the current status when it never comes", async () => {
    const live = createLiveSession("s", null);
    const promise = waitForStatus(lookup(new Map([["s", live]]), ["s"]), "s", ["WORKING"], FAST);
    await expect(promise).rejects.toMatchObject({
      details: { status: "STARTING", expected: ["WORKING"] },
    });
  });

  it("answers a STOPPED session at once, without the running wait", async () => {
    const promise = waitForStatus(
      lookup(new Map(), ["idle"], ["idle"]),
      "idle",
      ["WORKING"],
      PATIENT,
    );
    await expect(promise).rejects.toMatchObject({ details: { status: "STOPPED" } });
  });

  it.each(["FAILED", "SCAN_QR_CODE"] as const)(
    "answers a %s session at once: only STARTING is waited for",
    async (status) => {
      const live = createLiveSession("s", null);
      live.status = status;
      const promise = waitForStatus(
        lookup(new Map([["s", live]]), ["s"]),
        "s",
        ["WORKING"],
        PATIENT,
      );
      await expect(promise).rejects.toMatchObject({ details: { status, expected: ["WORKING"] } });
    },
  );

  it("waits for a lifecycle operation in flight before looking", async () => {
    const lives = new Map<string, LiveSession>();
    const settled = () =>
      new Promise<void>((resolve) =>
        setTimeout(() => {
          const live = createLiveSession("s", null);
          live.status = "WORKING";
          lives.set("s", live);
          resolve();
        }, 5),
      );
    const promise = waitForStatus(lookup(lives, ["s"], ["s"], settled), "s", ["WORKING"], FAST);
    await expect(promise).resolves.toMatchObject({ name: "s", status: "WORKING" });
  });

  it("rejects invalid names before waiting", async () => {
    await expect(
      waitForStatus(lookup(new Map(), []), "../x", ["WORKING"], FAST),
    ).rejects.toMatchObject({
      code: "WA_SESSION_NAME_INVALID",
    });
  });
});
