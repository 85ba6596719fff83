/** @module Reads of the outbox: a session's events after a point, one by id, and what a target has yet to receive. */
import type { EventName } from "@wa/core";
import type { Database } from "better-sqlite3";
import type { OutboxEvent, PendingDelivery } from "../types.ts";

const COLUMNS = "o.session, o.seq, o.id, o.event, o.chat_id, o.timestamp, o.payload";

interface EventRow {
  session: string;
  seq: number;
  id: string;
  event: string;
  chat_id: string | null;
  timestamp: number;
  payload: string;
}

type PendingRow = EventRow & { attempts: number | null; next_attempt_at: number | null };

/** Prepares the outbox reads once per database. */
export function createOutboxReads(db: Database) {
  const after = db.prepare(
    `SELECT ${COLUMNS} FROM outbox o WHERE o.session = ? AND o.seq > ? ORDER BY o.seq LIMIT ?`,
  );
  const byId = db.prepare(`SELECT ${COLUMNS} FROM outbox o WHERE o.id = ? AND o.session = ?`);
  const cursorOf = db.prepare(
    "SELECT cursor FROM webhook_targets WHERE session = ? AND target = ?",
  );
  // Events after the cursor that are not settled yet, with their attempts so far.
  const unsettled = db.prepare(`SELECT ${COLUMNS}, d.attempts, d.next_attempt_at FROM outbox o
    LEFT JOIN webhook_deliveries d ON d.session = o.session AND d.target = ? AND d.seq = o.seq
    WHERE o.session = ? AND o.seq > ? AND (d.status IS NULL OR d.status = 'retrying')
    ORDER BY o.seq LIMIT ?`);
  const redeliveries = db.prepare(`SELECT ${COLUMNS}, d.attempts, d.next_attempt_at
    FROM webhook_deliveries d JOIN outbox o ON o.session = d.session AND o.seq = d.seq
    WHERE d.session = ? AND d.target = ? AND d.status = 'redeliver' ORDER BY d.seq LIMIT ?`);

  return {
    list(session: string, afterSeq: number, limit: number): OutboxEvent[] {
      return (after.all(session, afterSeq, limit) as EventRow[]).map(eventFromRow);
    },
    find(session: string, id: string): OutboxEvent | null {
      const row = byId.get(id, session) as EventRow | undefined;
      return row ? eventFromRow(row) : null;
    },
    cursor(session: string, target: string): number | null {
      const cursor = cursorOf.pluck().get(session, target) as number | undefined;
      return cursor === undefined ? null : Number(cursor);
    },
    claim(session: string, target: string, afterSeq: number, limit: number): PendingDelivery[] {
      const cursor = Number(cursorOf.pluck().get(session, target) ?? 0);
      const again = (redeliveries.all(session, target, limit) as PendingRow[]).map((row) =>
        pendingFromRow(row, true),
      );
      const rows = unsettled.all(
        target,
        session,
        Math.max(cursor, afterSeq),
        limit,
      ) as PendingRow[];
      return [...again, ...rows.map((row) => pendingFromRow(row, false))];
    },
  };
}

// --- internal ---

function eventFromRow(row: EventRow): OutboxEvent {
  return {
    session: row.session,
    seq: Number(row.seq),
    id: row.id,
    event: row.event as EventName,
    chatId: row.chat_id,
    timestamp: Number(row.timestamp),
    payload: row.payload,
  };
}

function pendingFromRow(row: PendingRow, redelivery: boolean): PendingDelivery {
  return {
    event: eventFromRow(row),
    attempts: redelivery ? 0 : (row.attempts ?? 0),
    nextAttemptAt: redelivery || row.next_attempt_at === null ? null : Number(row.next_attempt_at),
    redelivery,
  };
}
