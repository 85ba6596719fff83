/**
 * @module Deep message pages without walking the offset (see `sqlite/deep-page.ts`): the day sums
 * of the page's chats are added up in sort order until the running count passes the offset; the
 * page then starts at that day's edge with the small rest of the offset. One statement: the day
 * sums (the at most two days the timestamp filter cuts counted exactly from the index), their
 * running total as a window sum, and the first day past the offset. One round trip costs more
 * than reading a year of day rows, so the SQLite store's month level is not needed here.
 */
import type { MessagesFilter, SortOrder } from "@wa/core";
import { BUCKET_SECONDS, bucketOf } from "../sqlite/buckets.ts";
import type { BucketStart } from "../sqlite/deep-page.ts";
import type { Query } from "./sql.ts";

export { DEEP_OFFSET } from "../sqlite/deep-page.ts";

/** Locates the day in which the offset falls; null when the offset is past every match. */
export type LocateOffset = (
  session: string,
  chats: readonly string[],
  filter: MessagesFilter,
  order: SortOrder,
  offset: number,
) => Promise<BucketStart | null>;

export function createOffsetLocator(query: Query): LocateOffset {
  return async (session, chats, filter, order, offset) => {
    const { timestampGte: gte, timestampLte: lte } = filter;
    const lo = gte === undefined ? Number.MIN_SAFE_INTEGER : bucketOf(gte);
    const hi = lte === undefined ? Number.MAX_SAFE_INTEGER : bucketOf(lte);
    // Fixed fragments only; every value is bound ($1-$5: session, chats, lo, hi, offset).
    const params: unknown[] = [session, chats, lo, hi, offset];
    const bind = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const filterSql = [
      filter.fromMe !== undefined ? ` AND from_me = ${bind(filter.fromMe ? 1 : 0)}` : "",
      filter.ack !== undefined ? ` AND ack = ${bind(filter.ack)}` : "",
    ].join("");
    /** The exact count of a day the timestamp filter cuts. */
    const exact = (bucket: number) => {
      const start = bucket * BUCKET_SECONDS;
      const from = gte === undefined ? start : Math.max(gte, start);
      return `(SELECT COUNT(*) FROM messages WHERE session = $1 AND chat_id = ANY($2::text[])
        AND displayable = 1 AND timestamp >= ${bind(from)} AND timestamp < ${bind(start + BUCKET_SECONDS)}
        AND timestamp <= ${bind(lte ?? Number.MAX_SAFE_INTEGER)}${filterSql})`;
    };
    const cuts = [
      gte !== undefined ? `WHEN bucket = $3 THEN ${exact(lo)}` : "",
      lte !== undefined ? `WHEN bucket = $4 THEN ${exact(hi)}` : "",
    ]
      .filter(Boolean)
      .join(" ");
    const count = cuts ? `CASE ${cuts} ELSE n END` : "n";
    const direction = order === "desc" ? "DESC" : "ASC";
    // `counted` is materialized: inlined, its count would be planned (and the cut days counted)
    // twice, once for `n` and once for the running sum; planning is most of a first call's cost.
    const [row] = await query(
      `WITH days AS (
        SELECT bucket, SUM(n) AS n FROM message_buckets WHERE session = $1
          AND chat_id = ANY($2::text[]) AND bucket >= $3 AND bucket <= $4${filterSql}
        GROUP BY bucket),
      counted AS MATERIALIZED (SELECT bucket, ${count} AS n FROM days),
      running AS (SELECT bucket, n,
        SUM(n) OVER (ORDER BY bucket ${direction} ROWS UNBOUNDED PRECEDING) AS upto FROM counted)
      SELECT bucket, upto - n AS skipped FROM running WHERE upto > $5::bigint
      ORDER BY bucket ${direction} LIMIT 1`,
      params,
    );
    return row ? { bucket: Number(row.bucket), remaining: offset - Number(row.skipped) } : null;
  };
}
