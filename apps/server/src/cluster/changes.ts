/**
 * @module Data-change notices between instances over PostgreSQL's LISTEN/NOTIFY: after a committed
 * write of a session an instance notifies the others, which drop their cached responses for it
 * and wake its webhook deliverers; a changed chat picture makes them forget their cached ones.
 * Notices are coalesced per session (while one is in flight, the next writes make one more), and a LISTEN connection that comes back after a drop means notices
 * may have been missed: every cache is emptied then.
 */
import type { EngineLogger } from "@wa/core";
import type { Sql } from "postgres";

const CHANNEL = "wa_session_changes";

/**
 * What changed: the session's data, its record (created, updated, deleted, started…), or a chat
 * picture its owner fetched again and found different (or forgot, on logout).
 */
export type ChangeKind = "data" | "session" | "pictures";

/** A change another instance made. */
export interface SessionChange {
  session: string;
  kind: ChangeKind;
}

/** Options of {@link createChangeChannel}. */
export interface ChangeChannelOptions {
  sql: Sql;
  /** This instance: its own notices are not delivered back to it. */
  self: string;
  logger: EngineLogger;
}

/** The change channel of one instance. */
export type ChangeChannel = Awaited<ReturnType<typeof createChangeChannel>>;

/** Starts listening; `onChange` and `onReconnect` listeners may be added later. */
export async function createChangeChannel(options: ChangeChannelOptions) {
  const { sql, self, logger } = options;
  const changeListeners = new Set<(change: SessionChange) => void>();
  const reconnectListeners = new Set<() => void>();
  /** Session → whether another notice is wanted once the one in flight is sent. */
  const inFlight = new Map<string, Set<ChangeKind>>();
  let listening = false;

  const subscription = await sql.listen(
    CHANNEL,
    (payload) => {
      const change = parse(payload);
      if (!change || change.from === self) return;
      const { session, kind } = change;
      for (const listener of changeListeners) listener({ session, kind });
    },
    () => {
      // Called on the first LISTEN and again after every reconnection.
      if (listening) {
        logger.warn("change notices reconnected: dropping every cached response");
        for (const listener of reconnectListeners) listener();
      }
      listening = true;
    },
  );

  const send = async (session: string, kind: ChangeKind): Promise<void> => {
    const pending = inFlight.get(session);
    if (pending) {
      pending.add(kind);
      return;
    }
    const again = new Set<ChangeKind>();
    inFlight.set(session, again);
    try {
      await sql.notify(CHANNEL, JSON.stringify({ session, kind, from: self }));
    } catch (error) {
      logger.warn({ err: error, session }, "change notice failed (other instances' caches expire)");
    } finally {
      inFlight.delete(session);
    }
    // Writes made while the notice was in flight: one more notice covers them all ("session"
    // covers "data"); a picture change has its own.
    if (again.has("session")) await send(session, "session");
    else if (again.has("data")) await send(session, "data");
    if (again.has("pictures")) await send(session, "pictures");
  };

  return {
    /** Tells the other instances a committed change of the session (never throws). */
    notify: send,
    onChange(listener: (change: SessionChange) => void): void {
      changeListeners.add(listener);
    },
    /** `listener` runs when notices may have been missed (the LISTEN connection came back). */
    onReconnect(listener: () => void): void {
      reconnectListeners.add(listener);
    },
    async close(): Promise<void> {
      await subscription.unlisten().catch(() => undefined);
    },
  };
}

// --- internal ---

function parse(payload: string): (SessionChange & { from: string }) | null {
  try {
    const value = JSON.parse(payload) as Partial<SessionChange & { from: string }>;
    if (typeof value.session !== "string" || typeof value.from !== "string") return null;
    return {
      session: value.session,
      kind: value.kind === "session" || value.kind === "pictures" ? value.kind : "data",
      from: value.from,
    };
  } catch {
    return null;
  }
}
