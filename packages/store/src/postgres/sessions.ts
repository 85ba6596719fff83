/**
 * @module Session records, and the removal of every row a session owns. `put` is one upsert,
 * safe for several writers (the last one wins); `insert` is insert-or-fail, so instances sharing
 * the database that create one name at once get one winner.
 */

import type { SessionRecord } from "@wa/core";
import { type SessionRow, sessionFromRow, sessionParams } from "../sqlite/rows.ts";
import { SESSION_TABLES } from "../sqlite/sessions.ts";
import type { SessionRepository } from "../types.ts";
import type { InTransaction } from "./deliveries.ts";
import type { Query, Row } from "./sql.ts";

const COLUMNS = "name, engine, status, running, me, config, created_at, updated_at";
const INSERT_ROW = `INSERT INTO sessions (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

const asRecord = (row: Row) => sessionFromRow(row as unknown as SessionRow);

/** The record's column values in the order of {@link COLUMNS}. */
function rowValues(record: SessionRecord): unknown[] {
  const row = sessionParams(record);
  return [
    row.name,
    row.engine,
    row.status,
    row.running,
    row.me,
    row.config,
    row.created_at,
    row.updated_at,
  ];
}

export function createSessionRepository(
  query: Query,
  inTransaction: InTransaction,
  lockSession: (query: Query, session: string) => Promise<void>,
): SessionRepository {
  return {
    async get(name) {
      const [row] = await query(`SELECT ${COLUMNS} FROM sessions WHERE name = $1`, [name]);
      return row ? asRecord(row) : null;
    },
    async list() {
      return (await query(`SELECT ${COLUMNS} FROM sessions ORDER BY name`)).map(asRecord);
    },
    async put(record) {
      await query(
        `${INSERT_ROW}
        ON CONFLICT (name) DO UPDATE SET engine = excluded.engine, status = excluded.status,
          running = excluded.running, me = excluded.me, config = excluded.config,
          created_at = excluded.created_at, updated_at = excluded.updated_at`,
        rowValues(record),
      );
    },
    async insert(record) {
      const inserted = await query(
        `${INSERT_ROW} ON CONFLICT (name) DO NOTHING`,
        rowValues(record),
      );
      return inserted.count === 1;
    },
    delete: (name) =>
      inTransaction(async (q) => {
        // The session's writes take this lock too: none interleaves with the removal.
        await lockSession(q, name);
        // Table names come from the fixed list above, never from input.
        for (const table of SESSION_TABLES) {
          await q(`DELETE FROM ${table} WHERE session = $1`, [name]);
        }
        await q("DELETE FROM sessions WHERE name = $1", [name]);
      }),
  };
}
