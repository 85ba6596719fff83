/** @module The in-memory state of a session the server is running (or about to run). */
import type { EngineRuntime, SessionMe, SessionStatus } from "@wa/core";
import type { SessionOwner } from "./ownership.ts";

/** A running session. The store keeps the durable record; this holds what only lives in memory. */
export interface LiveSession {
  readonly name: string;
  /** The guarded engine once it is loaded and created; null while loading (or when it failed to). */
  runtime: EngineRuntime | null;
  status: SessionStatus;
  /** The raw QR string while `SCAN_QR_CODE`. */
  qr: string | null;
  me: SessionMe | null;
  /** Why the session is FAILED, when it is. */
  failure: string | null;
  /** When the last event arrived, in ms. */
  lastActivity: number | null;
  /** Set by stop(): events and a start still in flight are ignored from then on. */
  cancelled: boolean;
  /**
   * Set on a read-only view of a session another instance drives (status from the database, no
   * runtime): what needs the engine is forwarded to this owner.
   */
  owner?: SessionOwner;
}

/** A fresh live session in `STARTING`. */
export function createLiveSession(name: string, me: SessionMe | null): LiveSession {
  return {
    name,
    runtime: null,
    status: "STARTING",
    qr: null,
    me,
    failure: null,
    lastActivity: null,
    cancelled: false,
  };
}
