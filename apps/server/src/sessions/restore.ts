/**
 * @module Pacing of the restore after a restart: sessions are started at most `concurrency` at a
 * time, a slot freeing when its session leaves STARTING (WORKING, a QR, FAILED, stopped), and a
 * slot starting its next session only while the event loop is not lagging. A NOWEB
 * login blocks the event loop for tens of ms (Noise handshake, Signal key loads, post-login queries);
 * starting a hundred at once stacks those blocks and every request waits. A fixed delay alone is
 * either too slow for many sessions or too fast for a slow machine; waiting for the logins
 * themselves adapts to both.
 */
import type { LiveSession } from "./live-session.ts";

/** How the restore is paced. */
export interface RestorePacing {
  /** Sessions logging in at once (`WA_RESTORE_CONCURRENCY`). */
  concurrency: number;
  /** Minimum delay between two starts, in ms (`WA_RESTORE_STAGGER_MS`). */
  staggerMs: number;
  /** A session still STARTING after this long frees its slot anyway (no server, slow backoff). */
  slotTimeoutMs?: number;
  /** How often a slot checks its session's status. */
  pollMs?: number;
  /**
   * A slot starts its next session only once a `pollMs` timer fires at most this late (the loop is
   * not busy with earlier logins or history), waiting at most `slotTimeoutMs` for that.
   */
  maxLoopLagMs?: number;
}

/**
 * The defaults. Measured with `pnpm bench:sessions` (100 NOWEB sessions, loopback simulator, a
 * shared 2-core machine): every login spends ~30 ms in one synchronous block (Baileys verifying the
 * Noise certificate chain in pure-JS curve25519), so the restore is CPU-bound there; 2 at a time
 * restored as fast as 4 or 100 (10–20 s) with the loop delay p99 at 60–135 ms, against 100–490 ms
 * for 4 and 1.3 s for all at once. Against the real WhatsApp, 2 still overlaps one login's round
 * trips with another's CPU.
 */
export const DEFAULT_RESTORE_PACING: Required<RestorePacing> = {
  concurrency: 2,
  staggerMs: 0,
  slotTimeoutMs: 30_000,
  pollMs: 25,
  maxLoopLagMs: 50,
};

// Unref'd: a pending restore never keeps a closing process alive.
const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

/**
 * Calls `start(live)` for each session in order, paced as above; resolves when every session was
 * started (or skipped because it was stopped meanwhile) and its slot freed.
 */
export async function paceRestore(
  sessions: readonly LiveSession[],
  pacing: RestorePacing,
  start: (live: LiveSession) => void,
): Promise<void> {
  const { concurrency, staggerMs, slotTimeoutMs, pollMs, maxLoopLagMs } = {
    ...DEFAULT_RESTORE_PACING,
    ...pacing,
  };
  const loopIsCalm = async () => {
    const deadline = Date.now() + slotTimeoutMs;
    for (;;) {
      const before = performance.now();
      await sleep(pollMs);
      if (performance.now() - before - pollMs <= maxLoopLagMs || Date.now() > deadline) return;
    }
  };
  let next = 0;
  let nextStartAt = 0;
  const slot = async () => {
    while (next < sessions.length) {
      const live = sessions[next++] as LiveSession;
      // Reserve the next start time before waiting, so slots never start two sessions at once.
      const now = Date.now();
      const at = Math.max(now, nextStartAt);
      nextStartAt = at + staggerMs;
      if (at > now) await sleep(at - now);
      await loopIsCalm();
      if (live.cancelled) continue;
      start(live);
      const deadline = Date.now() + slotTimeoutMs;
      while (live.status === "STARTING" && !live.cancelled && Date.now() < deadline) {
        await sleep(pollMs);
      }
    }
  };
  const slots = Math.max(1, Math.min(Math.floor(concurrency) || 1, sessions.length));
  await Promise.all(Array.from({ length: slots }, slot));
}
