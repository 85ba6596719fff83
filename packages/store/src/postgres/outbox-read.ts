/** @module Reads of the outbox: a session's events after a point, one by id, and what a target has yet to receive. */
import type { EventName } from "@wa/core";
import type { OutboxEvent, PendingDelivery } from "../types.ts";
import type { Query, Row } from "./sql.ts";

const COLUMNS = "o.session, o.seq, o.id, o.event, o.chat_id, o.timestamp, o.payload";

export function createOutboxReads(query: Query) {
  return {
    async list(session: string, afterSeq: number, limit: number): Promise<OutboxEvent[]> {
      const rows = await query(
        `SELECT ${COLUMNS} FROM outbox o WHERE o.session = $1 AND o.seq > $2 ORDER BY o.seq LIMIT $3`,
        [session, afterSeq, limit],
      );
      return rows.map(eventFromRow);
    },
    async find(session: string, id: string): Promise<OutboxEvent | null> {
      const [row] = await query(
        `SELECT ${COLUMNS} FROM outbox o WHERE o.id = $1 AND o.session = $2`,
        [id, session],
      );
      return row ? eventFromRow(row) : null;
    },
    /**
     * Dead letters asked to be redelivered, then the unsettled events after the cursor, in
     * stream order. Read in one transaction, so both see one snapshot.
     */
    async claim(
      inTransaction: <T>(run: (query: Query) => Promise<T>) => Promise<T>,
      session: string,
      target: string,
      afterSeq: number,
      limit: number,
    ): Promise<PendingDelivery[]> {
      return inTransaction(async (q) => {
        const [cursorRow] = await q(
          "SELECT cursor FROM webhook_targets WHERE session = $1 AND target = $2",
          [session, target],
        );
        const cursor = Number(cursorRow?.cursor ?? 0);
        const again = await q(
          `SELECT ${COLUMNS}, d.attempts, d.next_attempt_at
          FROM webhook_deliveries d JOIN outbox o ON o.session = d.session AND o.seq = d.seq
          WHERE d.session = $1 AND d.target = $2 AND d.status = 'redeliver' ORDER BY d.seq LIMIT $3`,
          [session, target, limit],
        );
        const rows = await q(
          `SELECT ${COLUMNS}, d.attempts, d.next_attempt_at FROM outbox o
          LEFT JOIN webhook_deliveries d ON d.session = o.session AND d.target = $1 AND d.seq = o.seq
          WHERE o.session = $2 AND o.seq > $3 AND (d.status IS NULL OR d.status = 'retrying')
          ORDER BY o.seq LIMIT $4`,
          [target, session, Math.max(cursor, afterSeq), limit],
        );
        return [
          ...again.map((row) => pendingFromRow(row, true)),
          ...rows.map((row) => pendingFromRow(row, false)),
        ];
      });
    },
  };
}

// --- internal ---

function eventFromRow(row: Row): OutboxEvent {
  return {
    session: row.session as string,
    seq: Number(row.seq),
    id: row.id as string,
    event: row.event as EventName,
    chatId: row.chat_id as string | null,
    timestamp: Number(row.timestamp),
    payload: row.payload as string,
  };
}

function pendingFromRow(row: Row, redelivery: boolean): PendingDelivery {
  const next = row.next_attempt_at as number | null;
  return {
    event: eventFromRow(row),
    attempts: redelivery ? 0 : Number(row.attempts ?? 0),
    nextAttemptAt: redelivery || next === null ? null : Number(next),
    redelivery,
  };
}
