/**
 * @module Deep message pages without walking the offset (see `sqlite/deep-page.ts`): the month
 * and then day sums of the page's chats are added up in sort order until the running count passes
 * the offset; the page then starts at that day's edge with the small rest of the offset.
 */
import type { MessagesFilter, SortOrder } from "@wa/core";
import { BUCKET_SECONDS, bucketOf, MONTH_DAYS, monthOf } from "../sqlite/buckets.ts";
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
    // Fixed fragments only; every value is bound ($1-$4 are session, chats, lo, hi).
    const extra: unknown[] = [];
    let filterSql = "";
    if (filter.fromMe !== undefined) {
      extra.push(filter.fromMe ? 1 : 0);
      filterSql += ` AND from_me = $${4 + extra.length}`;
    }
    if (filter.ack !== undefined) {
      extra.push(filter.ack);
      filterSql += ` AND ack = $${4 + extra.length}`;
    }
    const direction = order === "desc" ? "DESC" : "ASC";
    const sums = async (level: "day" | "month", from: number, to: number) => {
      const [table, column] =
        level === "day" ? ["message_buckets", "bucket"] : ["message_months", "month"];
      const rows = await query(
        `SELECT ${column} AS at, SUM(n) AS n FROM ${table} WHERE session = $1
        AND chat_id = ANY($2::text[]) AND ${column} >= $3 AND ${column} <= $4${filterSql}
        GROUP BY ${column} ORDER BY ${column} ${direction}`,
        [session, chats, from, to, ...extra],
      );
      return rows.map((row) => [Number(row.at), Number(row.n)] as const);
    };
    const { timestampGte: gte, timestampLte: lte } = filter;
    const lo = gte === undefined ? Number.MIN_SAFE_INTEGER : bucketOf(gte);
    const hi = lte === undefined ? Number.MAX_SAFE_INTEGER : bucketOf(lte);
    // The (at most two) days the timestamp filter cuts are counted exactly, from the index.
    const exact = async (bucket: number): Promise<number> => {
      const start = bucket * BUCKET_SECONDS;
      const from = gte === undefined ? start : Math.max(gte, start);
      const to = lte ?? Number.MAX_SAFE_INTEGER;
      const [row] = await query(
        `SELECT COUNT(*) AS n FROM messages WHERE session = $1 AND chat_id = ANY($2::text[])
        AND displayable = 1 AND timestamp >= $3 AND timestamp < $4 AND timestamp <= $5${filterSql.replaceAll(
          /\$(\d+)/g,
          (_, n) => `$${Number(n) + 1}`,
        )}`,
        [session, chats, from, start + BUCKET_SECONDS, to, ...extra],
      );
      return Number(row?.n ?? 0);
    };
    let skipped = 0;
    // Whole months first; the month where the offset falls (or one the filter cuts) by its days.
    for (const [month, sum] of await sums("month", monthOf(lo), monthOf(hi))) {
      const cut =
        (gte !== undefined && month === monthOf(lo)) ||
        (lte !== undefined && month === monthOf(hi));
      if (!cut && skipped + sum <= offset) {
        skipped += sum;
        continue;
      }
      const first = Math.max(lo, month * MONTH_DAYS);
      const last = Math.min(hi, month * MONTH_DAYS + MONTH_DAYS - 1);
      for (const [bucket, daySum] of await sums("day", first, last)) {
        const dayCut = (gte !== undefined && bucket === lo) || (lte !== undefined && bucket === hi);
        const count = dayCut ? await exact(bucket) : daySum;
        if (skipped + count > offset) return { bucket, remaining: offset - skipped };
        skipped += count;
      }
    }
    return null;
  };
}
