/** @module The engine auth state of a session: a durable key–value table. */

import type { AuthStateStore } from "@wa/core";
import type { Database } from "better-sqlite3";

/** Builds `authState(session)` for a database; writes go through the store's write queue. */
export function createAuthStates(
  db: Database,
  write: <T>(run: () => T) => Promise<T>,
): (session: string) => AuthStateStore {
  const get = db.prepare("SELECT value FROM auth_state WHERE session = ? AND key = ?").pluck();
  const getMany = db.prepare(`SELECT key, value FROM auth_state
    WHERE session = ? AND key IN (SELECT value FROM json_each(?))`);
  const set = db.prepare(`INSERT INTO auth_state (session, key, value) VALUES (?, ?, ?)
    ON CONFLICT (session, key) DO UPDATE SET value = excluded.value`);
  const remove = db.prepare("DELETE FROM auth_state WHERE session = ? AND key = ?");
  const clear = db.prepare("DELETE FROM auth_state WHERE session = ?");
  const setMany = db.transaction(
    (session: string, entries: Array<[key: string, value: string | null]>) => {
      for (const [key, value] of entries) {
        if (value === null) remove.run(session, key);
        else set.run(session, key, value);
      }
    },
  );

  return (session) => ({
    get: async (key) => (get.get(session, key) as string | undefined) ?? null,
    async getMany(keys) {
      const rows = getMany.all(session, JSON.stringify(keys)) as { key: string; value: string }[];
      return new Map(rows.map((row) => [row.key, row.value]));
    },
    setMany: (entries) => write(() => setMany(session, entries)),
    clear: () => write(() => void clear.run(session)),
  });
}
