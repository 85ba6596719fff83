/** @module Sessions: names, statuses and the record the store keeps for each. */
import { WaError } from "../errors.ts";

/** WAHA's session statuses. */
export const SESSION_STATUSES = [
  "STOPPED",
  "STARTING",
  "SCAN_QR_CODE",
  "WORKING",
  "FAILED",
] as const;

/** One of {@link SESSION_STATUSES}. */
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** The account a session is logged in as. */
export interface SessionMe {
  id: string;
  pushName?: string | null;
  lid?: string;
  jid?: string;
}

/** What the store keeps about a session. */
export interface SessionRecord {
  name: string;
  /** Engine name, e.g. `noweb`. */
  engine: string;
  /** WAHA's free-form session config (`metadata`, `webhooks`, `noweb`, ...). */
  config: Record<string, unknown>;
  status: SessionStatus;
  /** Whether the session should run; sessions that were running start again after a restart. */
  running: boolean;
  me: SessionMe | null;
  createdAt: number;
  updatedAt: number;
}

/** WAHA's session-name rule. */
export const SESSION_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,54}$/;

/** Throws `WA_SESSION_NAME_INVALID` unless the name is safe to use as a key and a path segment. */
export function assertSessionName(name: string): string {
  // The typeof check matters: RegExp#test(undefined) tests the text "undefined", which matches.
  if (typeof name !== "string" || !SESSION_NAME_PATTERN.test(name)) {
    throw new WaError(
      "WA_SESSION_NAME_INVALID",
      `Invalid session name '${name}': use 1 to 54 characters among a-z, A-Z, 0-9, _ and -.`,
    );
  }
  return name;
}
