/** @module Restore pacing: order, the concurrency limit, cancelled sessions, stuck sessions. */
import { describe, expect, it } from "vitest";
import { createLiveSession, type LiveSession } from "./live-session.ts";
import { paceRestore } from "./restore.ts";

const sessions = (count: number) =>
  Array.from({ length: count }, (_, i) => createLiveSession(`s${i}`, null));

describe("paceRestore", () => {
  it("starts every session in order, never more than `concurrency` logging in at once", async () => {
    const lives = sessions(10);
    const started: string[] = [];
    let inFlight = 0;
    let peak = 0;
    await paceRestore(lives, { concurrency: 3, staggerMs: 0, pollMs: 1 }, (live) => {
      started.push(live.name);
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      // The engine logs in a little later, alternating WORKING and a QR (both free the slot).
      setTimeout(() => {
        inFlight -= 1;
        live.status = started.length % 2 ? "WORKING" : "SCAN_QR_CODE";
      }, 3);
    });
    expect(started).toEqual(lives.map((live) => live.name));
    expect(peak).toBe(3);
  });

  it("skips sessions stopped before their turn", async () => {
    const lives = sessions(3);
    (lives[1] as LiveSession).cancelled = true;
    const started: string[] = [];
    await paceRestore(lives, { concurrency: 1, staggerMs: 0, pollMs: 1 }, (live) => {
      started.push(live.name);
      live.status = "WORKING";
    });
    expect(started).toEqual(["s0", "s2"]);
  });

  it("frees the slot of a session that stays STARTING after the slot timeout", async () => {
    const lives = sessions(2);
    const started: string[] = [];
    await paceRestore(
      lives,
      { concurrency: 1, staggerMs: 0, slotTimeoutMs: 5, pollMs: 1 },
      (live) => {
        started.push(live.name);
      },
    );
    expect(started).toEqual(["s0", "s1"]);
  });

  it("starts nothing when there is nothing to restore", async () => {
    await expect(
      paceRestore([], { concurrency: 4, staggerMs: 10 }, () => {}),
    ).resolves.toBeUndefined();
  });
});
