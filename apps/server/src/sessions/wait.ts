/**
 * @module WAHA's session pipe (waha-compat §1.2): wait (polling) for a session to be running, then
 * for the expected status, and answer the 422 bodies WAHA clients know when it never gets there.
 */
import { assertSessionName, type SessionStatus, WaError } from "@wa/core";
import type { LiveSession } from "./live-session.ts";

/** How long to wait: WAHA waits 5 s to be running and 10 s for the status, polling every 500 ms. */
export interface SessionWaitOptions {
  runningMs: number;
  statusMs: number;
  pollMs: number;
}

/** WAHA's timings. */
export const DEFAULT_SESSION_WAIT: SessionWaitOptions = {
  runningMs: 5000,
  statusMs: 10000,
  pollMs: 500,
};

const NOT_EXPECTED = "Session status is not as expected. Try again later or restart the session";

/** What the wait needs to know about sessions. */
export interface SessionLookup {
  live(name: string): LiveSession | undefined;
  /** A read-only view of a session another instance drives (several instances only). */
  remote?(name: string): Promise<LiveSession | undefined>;
  /** Whether the session exists and is meant to run (`null`: it does not exist). */
  running(name: string): Promise<boolean | null>;
  /** Resolves once the lifecycle operations on the session in flight (start, restart, ...) ended. */
  settled(name: string): Promise<void>;
}

/**
 * Resolves with the live session once it is in one of `expected`; throws `WA_SESSION_NOT_READY`
 * (422) with WAHA's body when the session is missing, stopped, or never reaches the status. It
 * waits only for a session on its way: a lifecycle operation in flight, a session restored after
 * a restart that has not started yet, or one that is `STARTING`. Any other status (`STOPPED`,
 * `FAILED`, `SCAN_QR_CODE` when `WORKING` is expected) answers its 422 at once.
 */
export async function waitForStatus(
  sessions: SessionLookup,
  name: string,
  expected: readonly SessionStatus[],
  options: SessionWaitOptions,
): Promise<LiveSession> {
  if (!name) throw notReady("Session name is required", name);
  assertSessionName(name);
  await sessions.settled(name);
  const deadline = Date.now() + options.statusMs;
  for (;;) {
    const live = await runningLive(sessions, name, expected, options);
    if (expected.includes(live.status) && !live.cancelled) return live;
    const onItsWay = live.status === "STARTING" || live.cancelled;
    if (!onItsWay || Date.now() >= deadline) {
      throw notReady(NOT_EXPECTED, name, { status: live.status, expected: [...expected] });
    }
    await sleep(options.pollMs);
  }
}

/** The live session; a session meant to run but not live yet is waited for (`runningMs`). */
async function runningLive(
  sessions: SessionLookup,
  name: string,
  expected: readonly SessionStatus[],
  options: SessionWaitOptions,
): Promise<LiveSession> {
  const live = sessions.live(name) ?? (await sessions.remote?.(name));
  if (live) return live;
  const running = await sessions.running(name);
  if (running === null) throw notReady(`Session "${name}" does not exist`, name);
  const started = running
    ? await poll(() => sessions.live(name), options.runningMs, options.pollMs)
    : undefined;
  if (started) return started;
  throw notReady(NOT_EXPECTED, name, { status: "STOPPED", expected: [...expected] });
}

// --- internal ---

function notReady(message: string, session: string, extra: Record<string, unknown> = {}) {
  return new WaError("WA_SESSION_NOT_READY", message, { details: { session, ...extra } });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(1, ms)));
}

async function poll<T>(
  probe: () => T | undefined,
  timeoutMs: number,
  pollMs: number,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) return undefined;
    await sleep(pollMs);
  }
}
