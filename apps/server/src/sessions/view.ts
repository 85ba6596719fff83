/** @module The session shapes WAHA clients read: `SessionInfo` (list / get) and `SessionDTO`. */
import type { SessionMe, SessionRecord, SessionStatus } from "@wa/core";
import type { LiveSession } from "./live-session.ts";

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
}

/** The current status: the live one while running, else STOPPED. */
export function currentStatus(live: LiveSession | undefined): SessionStatus {
  return live ? live.status : "STOPPED";
}

/** The `SessionDTO` of a record. */
export function toSessionDto(record: SessionRecord, live: LiveSession | undefined): SessionDto {
  return { name: record.name, status: currentStatus(live), config: record.config };
}

/** The `SessionInfo` of a record. */
export function toSessionInfo(record: SessionRecord, live: LiveSession | undefined): SessionInfo {
  const info: SessionInfo = {
    ...toSessionDto(record, live),
    me: live?.me ?? record.me,
    presence: null,
    timestamps: { activity: live?.lastActivity ?? null },
    engine: { engine: record.engine.toUpperCase() },
  };
  if (live?.failure) info.failure = live.failure;
  return info;
}
