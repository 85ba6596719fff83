/** @module The engine auth state of a session: a durable key–value table. */
import type { AuthStateStore } from "@wa/core";
import type { InTransaction } from "./deliveries.ts";
import type { Query } from "./sql.ts";

/** Builds `authState(session)`; each `setMany` is one transaction. */
export function createAuthStates(
  query: Query,
  inTransaction: InTransaction,
): (session: string) => AuthStateStore {
  return (session) => ({
    async get(key) {
      const [row] = await query("SELECT value FROM auth_state WHERE session = $1 AND key = $2", [
        session,
        key,
      ]);
      return (row?.value as string | undefined) ?? null;
    },
    async getMany(keys) {
      const rows = await query(
        "SELECT key, value FROM auth_state WHERE session = $1 AND key = ANY($2::text[])",
        [session, keys],
      );
      return new Map(rows.map((row) => [row.key as string, row.value as string]));
    },
    async setMany(entries) {
      // The last entry of a key wins, as when they are written one by one.
      const last = new Map(entries);
      const removed = [...last].filter(([, value]) => value === null).map(([key]) => key);
      const kept = [...last].filter((entry): entry is [string, string] => entry[1] !== null);
      await inTransaction(async (q) => {
        if (removed.length > 0) {
          await q("DELETE FROM auth_state WHERE session = $1 AND key = ANY($2::text[])", [
            session,
            removed,
          ]);
        }
        if (kept.length > 0) {
          await q(
            `INSERT INTO auth_state (session, key, value)
            SELECT $1, * FROM unnest($2::text[], $3::text[])
            ON CONFLICT (session, key) DO UPDATE SET value = excluded.value`,
            [session, kept.map(([key]) => key), kept.map(([, value]) => value)],
          );
        }
      });
    },
    async clear() {
      await query("DELETE FROM auth_state WHERE session = $1", [session]);
    },
  });
}
