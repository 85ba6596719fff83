/**
 * @module Delivery state writes: targets and their cursors, outcomes (the delivery log), and
 * redelivery of dead letters. Each runs in one transaction.
 */
import type { EventName } from "@wa/core";
import type { DeliveryOutcome, DeliveryQuery, DeliveryRecord, DeliveryStatus } from "../types.ts";
import type { Query, Row } from "./sql.ts";

/** Runs `run` in one transaction. */
export type InTransaction = <T>(run: (query: Query) => Promise<T>) => Promise<T>;

// Only for targets still configured: a removed webhook's dead letters stay in the log as they are.
const LIVE_TARGET = `target IN (SELECT t.target FROM webhook_targets t
  WHERE t.session = webhook_deliveries.session)`;

export function createDeliveryOps(query: Query, inTransaction: InTransaction) {
  return {
    openTarget: (session: string, target: string, afterSeq?: number) =>
      inTransaction(async (q) => {
        await q(
          `INSERT INTO webhook_targets (session, target, cursor)
          VALUES ($1, $2, COALESCE($3::bigint,
            (SELECT last_seq FROM outbox_streams WHERE session = $1), 0))
          ON CONFLICT (session, target) DO NOTHING`,
          [session, target, afterSeq ?? null],
        );
        const [row] = await q(
          "SELECT cursor FROM webhook_targets WHERE session = $1 AND target = $2",
          [session, target],
        );
        return Number(row?.cursor);
      }),

    closeTargets: (session: string, keep: readonly string[]) =>
      inTransaction(async (q) => {
        const gone = await q(
          `DELETE FROM webhook_targets WHERE session = $1 AND NOT (target = ANY($2::text[]))
          RETURNING target`,
          [session, keep],
        );
        if (gone.length === 0) return;
        await q(
          `DELETE FROM webhook_deliveries WHERE session = $1 AND target = ANY($2::text[])
          AND status IN ('retrying', 'redeliver')`,
          [session, gone.map((row) => row.target)],
        );
      }),

    settle: (
      session: string,
      target: string,
      outcomes: readonly DeliveryOutcome[],
      cursor: number,
    ) =>
      inTransaction(async (q) => {
        const now = Date.now();
        // The last outcome of one seq wins, as when they are recorded one by one.
        const bySeq = new Map(outcomes.map((outcome) => [outcome.seq, outcome]));
        const rows = [...bySeq.values()];
        if (rows.length > 0) {
          await q(
            `INSERT INTO webhook_deliveries (session, target, seq, status, attempts,
              next_attempt_at, last_status, last_error, updated_at)
            SELECT $1, $2, u.*, $9 FROM unnest($3::bigint[], $4::text[], $5::int[], $6::bigint[],
              $7::int[], $8::text[]) AS u
            ON CONFLICT (session, target, seq) DO UPDATE SET status = excluded.status,
              attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at,
              last_status = excluded.last_status, last_error = excluded.last_error,
              updated_at = excluded.updated_at`,
            [
              session,
              target,
              rows.map((row) => row.seq),
              rows.map((row) => row.status),
              rows.map((row) => row.attempts),
              rows.map((row) => row.nextAttemptAt ?? null),
              rows.map((row) => row.lastStatus ?? null),
              rows.map((row) => row.lastError ?? null),
              now,
            ],
          );
        }
        await q(
          "UPDATE webhook_targets SET cursor = $1 WHERE session = $2 AND target = $3 AND cursor < $1",
          [cursor, session, target],
        );
      }),

    redeliver: (session: string, eventIds?: readonly string[]) =>
      inTransaction(async (q) => {
        const now = Date.now();
        if (!eventIds) {
          const all = await q(
            `UPDATE webhook_deliveries SET status = 'redeliver', updated_at = $1
            WHERE session = $2 AND status = 'dead' AND ${LIVE_TARGET}`,
            [now, session],
          );
          return all.count;
        }
        const some = await q(
          `UPDATE webhook_deliveries SET status = 'redeliver', updated_at = $1
          WHERE session = $2 AND status = 'dead' AND ${LIVE_TARGET}
            AND seq IN (SELECT seq FROM outbox WHERE session = $2 AND id = ANY($3::text[]))`,
          [now, session, eventIds],
        );
        return some.count;
      }),

    async log(session: string, request: DeliveryQuery): Promise<DeliveryRecord[]> {
      // Absent filters are NULL parameters: one statement, no SQL built from input.
      const rows = await query(
        `SELECT d.target, d.seq, o.id, o.event, d.status, d.attempts, d.next_attempt_at,
          d.last_status, d.last_error, d.updated_at
        FROM webhook_deliveries d JOIN outbox o ON o.session = d.session AND o.seq = d.seq
        WHERE d.session = $1 AND ($2::text IS NULL OR d.status = $2::text)
          AND ($3::text IS NULL OR d.target = $3::text)
        ORDER BY d.seq DESC, d.target LIMIT $4 OFFSET $5`,
        [session, request.status ?? null, request.target ?? null, request.limit, request.offset],
      );
      return rows.map(recordFromRow);
    },
  };
}

// --- internal ---

function recordFromRow(row: Row): DeliveryRecord {
  const next = row.next_attempt_at as number | null;
  return {
    target: row.target as string,
    seq: Number(row.seq),
    eventId: row.id as string,
    event: row.event as EventName,
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: next === null ? null : Number(next),
    lastStatus: row.last_status as number | null,
    lastError: row.last_error as string | null,
    updatedAt: Number(row.updated_at),
  };
}
