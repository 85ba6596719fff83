/**
 * @module Webhook delivery holds in PostgreSQL: one row per (session, target) naming the instance
 * that sends its events and until when (database time, so instance clocks never have to agree).
 * Taking is one compare-and-set statement, as for session leases: free, lapsed or already ours.
 */
import type { Sql } from "postgres";
import type { DeliveryHolds, HoldAnswer } from "../events/delivery-holds.ts";
import type { LeaseTimings } from "./lease-keeper.ts";

/**
 * The holds of instance `holder`, with the session leases' timings. `released` runs after a hold
 * was given back (the other instances' dispatchers wait for it to lapse unless woken).
 */
export function deliveryHolds(
  sql: Sql,
  holder: string,
  timings: LeaseTimings,
  released: (session: string) => void = () => undefined,
): DeliveryHolds {
  return {
    validMs: timings.ttlMs - timings.marginMs,

    async take(session: string, target: string): Promise<HoldAnswer> {
      const until = sql`clock_timestamp() + ${timings.ttlMs} * interval '1 millisecond'`;
      const taken = await sql`
        INSERT INTO wa_delivery_holds AS h (session, target, holder, expires_at)
        VALUES (${session}, ${target}, ${holder}, ${until})
        ON CONFLICT (session, target) DO UPDATE SET
          holder = excluded.holder, expires_at = excluded.expires_at
        WHERE h.holder = excluded.holder OR h.expires_at < clock_timestamp()
        RETURNING 1`;
      if (taken.length > 0) return { held: true };
      const [row] = await sql<{ left_ms: number }[]>`
        SELECT GREATEST(0, EXTRACT(EPOCH FROM expires_at - clock_timestamp()) * 1000)::float8
          AS left_ms
        FROM wa_delivery_holds WHERE session = ${session} AND target = ${target}`;
      // Gone between the two statements (released): free now.
      return { held: false, retryInMs: Math.ceil(row?.left_ms ?? 0) };
    },

    async release(session: string, target: string): Promise<void> {
      const gone = await sql`
        DELETE FROM wa_delivery_holds
        WHERE session = ${session} AND target = ${target} AND holder = ${holder}
        RETURNING 1`;
      if (gone.length > 0) released(session);
    },
  };
}
