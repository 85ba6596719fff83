/**
 * @module Delivery state writes: targets and their cursors, outcomes (the delivery log), and
 * redelivery of dead letters. Synchronous; the store runs them in its write queue.
 */
import type { EventName } from "@wa/core";
import type { Database } from "better-sqlite3";
import type { DeliveryOutcome, DeliveryQuery, DeliveryRecord, DeliveryStatus } from "../types.ts";

interface LogRow {
  target: string;
  seq: number;
  id: string;
  event: string;
  status: string;
  attempts: number;
  next_attempt_at: number | null;
  last_status: number | null;
  last_error: string | null;
  updated_at: number;
}

/** The synchronous delivery-state operations (each its own transaction). */
export interface DeliveryOps {
  openTarget(session: string, target: string, afterSeq?: number): number;
  closeTargets(session: string, keep: readonly string[]): void;
  settle(
    session: string,
    target: string,
    outcomes: readonly DeliveryOutcome[],
    cursor: number,
  ): void;
  redeliver(session: string, eventIds?: readonly string[]): number;
  log(session: string, query: DeliveryQuery): DeliveryRecord[];
}

/** Prepares the delivery statements once per database. */
export function createDeliveryOps(db: Database): DeliveryOps {
  const lastSeq = db.prepare("SELECT last_seq FROM outbox_streams WHERE session = ?").pluck();
  const openTarget = db.prepare(`INSERT INTO webhook_targets (session, target, cursor)
    VALUES (?, ?, ?) ON CONFLICT (session, target) DO NOTHING`);
  const cursorOf = db
    .prepare("SELECT cursor FROM webhook_targets WHERE session = ? AND target = ?")
    .pluck();
  const targetsOf = db.prepare("SELECT target FROM webhook_targets WHERE session = ?").pluck();
  const dropTarget = db.prepare("DELETE FROM webhook_targets WHERE session = ? AND target = ?");
  const dropPending = db.prepare(`DELETE FROM webhook_deliveries
    WHERE session = ? AND target = ? AND status IN ('retrying', 'redeliver')`);
  const record = db.prepare(`INSERT INTO webhook_deliveries
      (session, target, seq, status, attempts, next_attempt_at, last_status, last_error, updated_at)
    VALUES (@session, @target, @seq, @status, @attempts, @next_attempt_at, @last_status, @last_error, @now)
    ON CONFLICT (session, target, seq) DO UPDATE SET status = excluded.status,
      attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at,
      last_status = excluded.last_status, last_error = excluded.last_error,
      updated_at = excluded.updated_at`);
  const moveCursor = db.prepare(
    "UPDATE webhook_targets SET cursor = ? WHERE session = ? AND target = ? AND cursor < ?",
  );
  // Only for targets still configured: a removed webhook's dead letters stay in the log as they are.
  const liveTarget = `target IN (SELECT t.target FROM webhook_targets t
    WHERE t.session = webhook_deliveries.session)`;
  const redeliverAll =
    db.prepare(`UPDATE webhook_deliveries SET status = 'redeliver', updated_at = ?
    WHERE session = ? AND status = 'dead' AND ${liveTarget}`);
  const redeliverOne =
    db.prepare(`UPDATE webhook_deliveries SET status = 'redeliver', updated_at = ?
    WHERE session = ? AND status = 'dead' AND ${liveTarget}
      AND seq = (SELECT seq FROM outbox WHERE id = ? AND session = ?)`);
  const logSql = (filters: string) => `SELECT d.target, d.seq, o.id, o.event, d.status, d.attempts,
      d.next_attempt_at, d.last_status, d.last_error, d.updated_at
    FROM webhook_deliveries d JOIN outbox o ON o.session = d.session AND o.seq = d.seq
    WHERE d.session = @session ${filters} ORDER BY d.seq DESC, d.target LIMIT @limit OFFSET @offset`;
  // One statement per filter combination, prepared once: no SQL is built from input.
  const logs = {
    none: db.prepare(logSql("")),
    status: db.prepare(logSql("AND d.status = @status")),
    target: db.prepare(logSql("AND d.target = @target")),
    both: db.prepare(logSql("AND d.status = @status AND d.target = @target")),
  };

  return {
    openTarget: db.transaction((session: string, target: string, afterSeq?: number): number => {
      openTarget.run(session, target, afterSeq ?? Number(lastSeq.get(session) ?? 0));
      return Number(cursorOf.get(session, target));
    }),
    closeTargets: db.transaction((session: string, keep: readonly string[]) => {
      for (const target of targetsOf.all(session) as string[]) {
        if (keep.includes(target)) continue;
        dropTarget.run(session, target);
        dropPending.run(session, target);
      }
    }),
    settle: db.transaction(
      (session: string, target: string, outcomes: readonly DeliveryOutcome[], cursor: number) => {
        const now = Date.now();
        for (const outcome of outcomes) {
          record.run({
            session,
            target,
            seq: outcome.seq,
            status: outcome.status,
            attempts: outcome.attempts,
            next_attempt_at: outcome.nextAttemptAt ?? null,
            last_status: outcome.lastStatus ?? null,
            last_error: outcome.lastError ?? null,
            now,
          });
        }
        moveCursor.run(cursor, session, target, cursor);
      },
    ),
    redeliver: db.transaction((session: string, eventIds?: readonly string[]): number => {
      const now = Date.now();
      if (!eventIds) return redeliverAll.run(now, session).changes;
      let changed = 0;
      for (const id of eventIds) changed += redeliverOne.run(now, session, id, session).changes;
      return changed;
    }),
    log(session: string, query: DeliveryQuery): DeliveryRecord[] {
      const key = query.status
        ? query.target
          ? "both"
          : "status"
        : query.target
          ? "target"
          : "none";
      const rows = logs[key].all({ session, ...query }) as LogRow[];
      return rows.map(recordFromRow);
    },
  };
}

// --- internal ---

function recordFromRow(row: LogRow): DeliveryRecord {
  return {
    target: row.target,
    seq: Number(row.seq),
    eventId: row.id,
    event: row.event as EventName,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at === null ? null : Number(row.next_attempt_at),
    lastStatus: row.last_status,
    lastError: row.last_error,
    updatedAt: Number(row.updated_at),
  };
}
