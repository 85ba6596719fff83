/**
 * @module Outbox retention (see `sqlite/retention.ts`): deletes, chunk by chunk (one short
 * transaction each), the events every target has settled once older than the settled bound, and
 * any event older than the hard bound, with their delivery rows.
 */
import type { RetentionPolicy } from "../types.ts";
import type { InTransaction } from "./deliveries.ts";
import type { Query } from "./sql.ts";

/** Events a single transaction may delete. */
const CHUNK = 2000;

export function createRetention(query: Query, inTransaction: InTransaction) {
  return async (policy: RetentionPolicy): Promise<number> => {
    const youngest = Math.max(policy.settledBefore, policy.anyBefore);
    let total = 0;
    const sessions = await query("SELECT session FROM outbox_streams ORDER BY session");
    for (const { session } of sessions) {
      const [oldest] = await query("SELECT MIN(seq) AS seq FROM outbox WHERE session = $1", [
        session,
      ]);
      let from = oldest?.seq === null || oldest === undefined ? null : Number(oldest.seq);
      while (from !== null) {
        const upto = from + CHUNK - 1;
        total += await inTransaction(async (q) => {
          const [cursor] = await q(
            "SELECT MIN(cursor) AS cursor FROM webhook_targets WHERE session = $1",
            [session],
          );
          const settledUpto =
            cursor?.cursor === null || cursor === undefined
              ? Number.MAX_SAFE_INTEGER
              : Number(cursor.cursor);
          const settled = await q(
            `DELETE FROM outbox WHERE session = $1 AND seq <= $2 AND seq <= $3 AND timestamp < $4
            AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.session = outbox.session
              AND d.seq = outbox.seq AND d.status <> 'delivered')`,
            [session, upto, settledUpto, policy.settledBefore],
          );
          const any = await q(
            "DELETE FROM outbox WHERE session = $1 AND seq <= $2 AND timestamp < $3",
            [session, upto, policy.anyBefore],
          );
          await q(
            `DELETE FROM webhook_deliveries WHERE session = $1 AND seq <= $2
            AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.session = webhook_deliveries.session
              AND o.seq = webhook_deliveries.seq)`,
            [session, upto],
          );
          return settled.count + any.count;
        });
        const [next] = await query(
          "SELECT timestamp FROM outbox WHERE session = $1 AND seq > $2 ORDER BY seq LIMIT 1",
          [session, upto],
        );
        from = next !== undefined && Number(next.timestamp) < youngest ? upto + 1 : null;
      }
    }
    return total;
  };
}
