/**
 * @module What to do when the Baileys connection closes (waha-compat §4.2): restart at once after
 * pairing (515), fail and forget credentials when logged out (401), fail when a QR was never scanned
 * or another client took over, otherwise reconnect after a bounded, jittered exponential backoff.
 */
import type { SessionStatus } from "@wa/core";
import { DisconnectCode } from "./errors.ts";

/** Backoff settings for reconnects after a lost connection. */
export interface ReconnectOptions {
  /** First delay in ms. @default 1000 */
  baseMs?: number;
  /** Largest delay in ms. @default 30000 */
  maxMs?: number;
}

/** The decision taken when the connection closed. */
export type CloseDecision =
  | { action: "stopped" }
  | { action: "restart" }
  | { action: "reconnect"; delayMs: number }
  | { action: "fail"; reason: string; clearCredentials: boolean };

/** The facts a close decision depends on. */
export interface CloseFacts {
  /** `lastDisconnect.error.output.statusCode`, when there is one. */
  statusCode: number | undefined;
  /** The error message, for the failure reason. */
  message: string;
  /** The status the session had when it closed. */
  status: SessionStatus;
  /** True when `stop()` or `logout()` closed it. */
  intentional: boolean;
  /** Reconnects tried since the last successful open. */
  attempt: number;
}

/** Decides what to do after a close. `random` is injectable so tests are deterministic. */
export function decideOnClose(
  facts: CloseFacts,
  reconnect: ReconnectOptions = {},
  random: () => number = Math.random,
): CloseDecision {
  if (facts.intentional) return { action: "stopped" };
  const code = facts.statusCode;
  if (code === DisconnectCode.restartRequired) return { action: "restart" };
  if (code === DisconnectCode.loggedOut) {
    return { action: "fail", reason: `logged out: ${facts.message}`, clearCredentials: true };
  }
  if (code === DisconnectCode.forbidden || code === DisconnectCode.multideviceMismatch) {
    return {
      action: "fail",
      reason: `refused by WhatsApp: ${facts.message}`,
      clearCredentials: false,
    };
  }
  if (code === DisconnectCode.connectionReplaced) {
    // Reconnecting would take the session back from the other client, which takes it back again.
    return {
      action: "fail",
      reason: `replaced by another client: ${facts.message}`,
      clearCredentials: false,
    };
  }
  if (facts.status === "SCAN_QR_CODE") {
    return {
      action: "fail",
      reason: `QR code was not scanned: ${facts.message}`,
      clearCredentials: false,
    };
  }
  return { action: "reconnect", delayMs: backoffDelay(facts.attempt, reconnect, random) };
}

/** `min(max, base·2^attempt)` scaled by a jitter in [0.5, 1): bounded and spread out. */
export function backoffDelay(
  attempt: number,
  { baseMs = 1000, maxMs = 30000 }: ReconnectOptions = {},
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling * (0.5 + random() / 2));
}
