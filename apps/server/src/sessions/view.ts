/** @module The session shapes WAHA clients read: `SessionInfo` (list / get) and `SessionDTO`. */
import type { SessionMe, SessionRecord, SessionStatus } from "@wa/core";
import { createLiveSession, type LiveSession } from "./live-session.ts";
import type { SessionOwner } from "./ownership.ts";

/** WAHA's `SessionDTO`. */
export interface SessionDto {
  name: string;
  status: SessionStatus;
  config: Record<string, unknown>;
}

/** WAHA's `SessionInfo`, plus `engine` (WAHA adds it on GET one; we always do). */
export interface SessionInfo extends SessionDto {
  me: SessionMe | null;
  presence: null;
  timestamps: { activity: number | null };
  engine: { engine: string };
  /** Why the session is FAILED, when known (our extension). */
  failure?: string;
  /** Several instances on one database: the instance driving the session (our extension). */
  owner?: SessionOwner | null;
}

/** The current status: the live one while running, else STOPPED. */
export function currentStatus(live: LiveSession | undefined): SessionStatus {
  return live ? live.status : "STOPPED";
}

/** The `SessionDTO` of a record. */
export function toSessionDto(record: SessionRecord, live: LiveSession | undefined): SessionDto {
  return { name: record.name, status: currentStatus(live), config: record.config };
}

/**
 * With several instances, the read-only view of a running session this instance does not drive:
 * the owner's status from the database, or `STARTING` while nobody drives it (its owner died and
 * another is taking it over). Undefined for a session that is not running.
 */
export function remoteView(
  record: SessionRecord,
  owner: SessionOwner | undefined,
): LiveSession | undefined {
  if (!record.running) return undefined;
  const view = createLiveSession(record.name, record.me);
  if (owner) {
    view.owner = owner;
    view.status = record.status;
  }
  return view;
}

/** The `SessionInfo` of a record; `owner` (several instances only) becomes the `owner` field. */
export function toSessionInfo(
  record: SessionRecord,
  live: LiveSession | undefined,
  owner?: SessionOwner | null,
): SessionInfo {
  const info: SessionInfo = {
    ...toSessionDto(record, live),
    me: live?.me ?? record.me,
    presence: null,
    timestamps: { activity: live?.lastActivity ?? null },
    engine: { engine: record.engine.toUpperCase() },
  };
  if (live?.failure) info.failure = live.failure;
  if (owner !== undefined) info.owner = owner;
  return info;
}
