/** @module Session records, and the removal of every row a session owns. */

import type { SessionRecord } from "@wa/core";
import type { Database } from "better-sqlite3";
import type { SessionRepository } from "../types.ts";
import { type SessionRow, sessionFromRow, sessionParams } from "./rows.ts";

/** The tables whose rows belong to a session (column `session`), in both databases' schemas. */
export const SESSION_TABLES = [
  "auth_state",
  "chats",
  "messages",
  "message_buckets",
  "message_months",
  "contacts",
  "lid_map",
  "outbox",
  "outbox_streams",
  "webhook_targets",
  "webhook_deliveries",
] as const;

/** Synchronous session operations; the store wraps the writes in its write queue. */
export interface SessionOps {
  get(name: string): SessionRecord | null;
  list(): SessionRecord[];
  put(record: SessionRecord): void;
  /** False when a record of that name exists (nothing written). */
  insert(record: SessionRecord): boolean;
  delete(name: string): void;
}

export function createSessionOps(db: Database): SessionOps {
  const columns = "name, engine, status, running, me, config, created_at, updated_at";
  const get = db.prepare(`SELECT ${columns} FROM sessions WHERE name = ?`);
  const list = db.prepare(`SELECT ${columns} FROM sessions ORDER BY name`);
  const insertRow = `INSERT INTO sessions (${columns})
    VALUES (@name, @engine, @status, @running, @me, @config, @created_at, @updated_at)`;
  const put = db.prepare(`${insertRow}
    ON CONFLICT (name) DO UPDATE SET engine = excluded.engine, status = excluded.status,
      running = excluded.running, me = excluded.me, config = excluded.config,
      created_at = excluded.created_at, updated_at = excluded.updated_at`);
  const insert = db.prepare(`${insertRow} ON CONFLICT (name) DO NOTHING`);
  const removeRecord = db.prepare("DELETE FROM sessions WHERE name = ?");
  // Table names come from the fixed list above, never from input.
  const removeRows = SESSION_TABLES.map((table) =>
    db.prepare(`DELETE FROM ${table} WHERE session = ?`),
  );
  const remove = db.transaction((name: string) => {
    for (const statement of removeRows) statement.run(name);
    removeRecord.run(name);
  });
  return {
    get(name) {
      const row = get.get(name) as SessionRow | undefined;
      return row ? sessionFromRow(row) : null;
    },
    list: () => (list.all() as SessionRow[]).map(sessionFromRow),
    put: (record) => void put.run(sessionParams(record)),
    insert: (record) => insert.run(sessionParams(record)).changes === 1,
    delete: (name) => remove(name),
  };
}

/** Wraps session operations as the async {@link SessionRepository}. */
export function sessionRepository(
  ops: SessionOps,
  write: <T>(run: () => T) => Promise<T>,
): SessionRepository {
  return {
    get: async (name) => ops.get(name),
    list: async () => ops.list(),
    put: (record) => write(() => ops.put(record)),
    insert: (record) => write(() => ops.insert(record)),
    delete: (name) => write(() => ops.delete(name)),
  };
}
