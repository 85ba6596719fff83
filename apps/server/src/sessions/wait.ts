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
  exists(name: string): Promise<boolean>;
}

/**
 * Resolves with the live session once it is in one of `expected`; throws `WA_SESSION_NOT_READY`
 * (422) with WAHA's body when the session is missing, stopped, or never reaches the status.
 */
export async function waitForStatus(
  sessions: SessionLookup,
  name: string,
  expected: readonly SessionStatus[],
  options: SessionWaitOptions,
): Promise<LiveSession> {
  if (!name) throw notReady("Session name is required", name);
  assertSessionName(name);
  const live = await poll(() => sessions.live(name), options.runningMs, options.pollMs);
  if (!live) {
    if (!(await sessions.exists(name))) throw notReady(`Session "${name}" does not exist`, name);
    throw notReady(NOT_EXPECTED, name, { status: "STOPPED", expected: [...expected] });
  }
  const ready = await poll(
    () => (expected.includes(live.status) && !live.cancelled ? live : undefined),
    options.statusMs,
    options.pollMs,
  );
  if (ready) return ready;
  throw notReady(NOT_EXPECTED, name, { status: live.status, expected: [...expected] });
}

// --- internal ---

function notReady(message: string, session: string, extra: Record<string, unknown> = {}) {
  return new WaError("WA_SESSION_NOT_READY", message, { details: { session, ...extra } });
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
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, pollMs)));
  }
}
