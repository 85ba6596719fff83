/**
 * @module Outbox retention: deletes, chunk by chunk (one short write each), the events every target
 * has settled once they are older than the settled bound, and any event older than the hard bound,
 * with their delivery rows. Seq and timestamp grow together within a session, so each session is
 * walked from its oldest event until the events are too young.
 */
import type { Database } from "better-sqlite3";
import type { RetentionPolicy } from "../types.ts";

/** Events a single write may delete. */
const CHUNK = 2000;

/** Runs one synchronous step in the store's write queue. */
type Write = <T>(run: () => T) => Promise<T>;

/** Returns `prune(policy)`, resolving with the number of events deleted. */
export function createRetention(db: Database, write: Write) {
  const sessions = db.prepare("SELECT session FROM outbox_streams ORDER BY session").pluck();
  const oldest = db.prepare("SELECT MIN(seq) FROM outbox WHERE session = ?").pluck();
  const nextTimestamp = db
    .prepare("SELECT timestamp FROM outbox WHERE session = ? AND seq > ? ORDER BY seq LIMIT 1")
    .pluck();
  const minCursor = db.prepare("SELECT MIN(cursor) FROM webhook_targets WHERE session = ?").pluck();
  const deleteSettled = db.prepare(`DELETE FROM outbox WHERE session = @session
    AND seq <= @upto AND seq <= @settledUpto AND timestamp < @settledBefore
    AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.session = outbox.session
      AND d.seq = outbox.seq AND d.status <> 'delivered')`);
  const deleteAny = db.prepare(`DELETE FROM outbox WHERE session = @session AND seq <= @upto
    AND timestamp < @anyBefore`);
  const deleteOrphans = db.prepare(`DELETE FROM webhook_deliveries WHERE session = @session
    AND seq <= @upto AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.session = webhook_deliveries.session
      AND o.seq = webhook_deliveries.seq)`);

  const pruneChunk = db.transaction((params: Record<string, number | string>) => {
    const deleted = deleteSettled.run(params).changes + deleteAny.run(params).changes;
    deleteOrphans.run(params);
    return deleted;
  });

  return async (policy: RetentionPolicy): Promise<number> => {
    const youngest = Math.max(policy.settledBefore, policy.anyBefore);
    let total = 0;
    for (const session of await write(() => sessions.all() as string[])) {
      let from = await write(() => oldest.get(session) as number | null);
      while (from !== null) {
        const upto = Number(from) + CHUNK - 1;
        total += await write(() => {
          const cursor = minCursor.get(session) as number | null;
          const settledUpto = cursor === null ? Number.MAX_SAFE_INTEGER : Number(cursor);
          return pruneChunk({ session, upto, settledUpto, ...policy });
        });
        const next = await write(() => nextTimestamp.get(session, upto) as number | undefined);
        from = next !== undefined && Number(next) < youngest ? upto + 1 : null;
      }
    }
    return total;
  };
}
