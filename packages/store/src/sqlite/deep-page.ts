/**
 * @module Deep message pages without walking the offset: the month and then day sums of the
 * page's chats are added up in sort order until the running count passes the offset; the page
 * then starts at that day's edge with the small rest of the offset. Costs a summary row per month
 * and per day of one month (times the from_me/ack combinations) plus at most one day of index
 * entries, instead of `offset` index entries.
 */
import type { MessagesFilter, SortOrder } from "@wa/core";
import type { Database, Statement } from "better-sqlite3";
import { BUCKET_SECONDS, bucketOf, MONTH_DAYS, monthOf } from "./buckets.ts";

/** Where a deep page starts: at the edge of `bucket`, skipping `remaining` more rows. */
export interface BucketStart {
  bucket: number;
  remaining: number;
}

/** Locates the day in which the offset falls; null when the offset is past every match. */
export type LocateOffset = (
  session: string,
  chats: readonly string[],
  filter: MessagesFilter,
  order: SortOrder,
  offset: number,
) => BucketStart | null;

/** Below this offset a plain OFFSET walk is cheaper than summing a chat's days. */
export const DEEP_OFFSET = 1_000;

export function createOffsetLocator(db: Database): LocateOffset {
  const statements = new Map<string, Statement>();
  const prepared = (key: string, sql: () => string): Statement => {
    let statement = statements.get(key);
    if (!statement) {
      statement = db.prepare(sql());
      statements.set(key, statement);
    }
    return statement;
  };
  // Fixed fragments only; every value is bound.
  const filterSql = (filter: MessagesFilter) =>
    `${filter.fromMe !== undefined ? " AND from_me = @from_me" : ""}${filter.ack !== undefined ? " AND ack = @ack" : ""}`;
  // The day or month sums of the page's chats in [lo, hi], in sort order.
  const sumsOf = (
    level: "day" | "month",
    filter: MessagesFilter,
    order: SortOrder,
    many: boolean,
  ) =>
    prepared(
      `${level}|${filter.fromMe !== undefined}|${filter.ack !== undefined}|${order}|${many}`,
      () => {
        const [table, column] =
          level === "day" ? ["message_buckets", "bucket"] : ["message_months", "month"];
        return `SELECT ${column}, SUM(n) FROM ${table} WHERE session = @session AND ${
          many ? "chat_id IN (SELECT value FROM json_each(@chats))" : "chat_id = @chat"
        } AND ${column} >= @lo AND ${column} <= @hi${filterSql(filter)}
          GROUP BY ${column} ORDER BY ${column} ${order === "desc" ? "DESC" : "ASC"}`;
      },
    ).raw();
  const countOf = (filter: MessagesFilter) =>
    prepared(
      `count|${filter.fromMe !== undefined}|${filter.ack !== undefined}`,
      () =>
        `SELECT COUNT(*) FROM messages WHERE session = @session AND chat_id = @chat
        AND displayable = 1 AND timestamp >= @from AND timestamp < @below AND timestamp <= @to${filterSql(filter)}`,
    ).pluck();

  return (session, chats, filter, order, offset) => {
    const base: Record<string, unknown> = { session };
    if (filter.fromMe !== undefined) base.from_me = filter.fromMe ? 1 : 0;
    if (filter.ack !== undefined) base.ack = filter.ack;
    const many = chats.length > 1;
    const scope = many ? { chats: JSON.stringify(chats) } : { chat: chats[0] };
    const { timestampGte: gte, timestampLte: lte } = filter;
    const lo = gte === undefined ? Number.MIN_SAFE_INTEGER : bucketOf(gte);
    const hi = lte === undefined ? Number.MAX_SAFE_INTEGER : bucketOf(lte);
    const sums = (level: "day" | "month", from: number, to: number) =>
      sumsOf(level, filter, order, many).all({ ...base, ...scope, lo: from, hi: to }) as Array<
        [number, number]
      >;
    // The (at most two) days the timestamp filter cuts are counted exactly, from the index.
    const exact = (bucket: number): number => {
      const start = bucket * BUCKET_SECONDS;
      const bounds = {
        from: gte === undefined ? start : Math.max(gte, start),
        below: start + BUCKET_SECONDS,
        to: lte ?? Number.MAX_VALUE,
      };
      let total = 0;
      for (const chat of chats) total += Number(countOf(filter).get({ ...base, ...bounds, chat }));
      return total;
    };
    let skipped = 0;
    // Whole months first; the month where the offset falls (or one the filter cuts) by its days.
    for (const [month, sum] of sums("month", monthOf(lo), monthOf(hi))) {
      const cut =
        (gte !== undefined && month === monthOf(lo)) ||
        (lte !== undefined && month === monthOf(hi));
      if (!cut && skipped + sum <= offset) {
        skipped += sum;
        continue;
      }
      const first = Math.max(lo, month * MONTH_DAYS);
      const last = Math.min(hi, month * MONTH_DAYS + MONTH_DAYS - 1);
      for (const [bucket, daySum] of sums("day", first, last)) {
        const dayCut = (gte !== undefined && bucket === lo) || (lte !== undefined && bucket === hi);
        const count = dayCut ? exact(bucket) : daySum;
        if (skipped + count > offset) return { bucket, remaining: offset - skipped };
        skipped += count;
      }
    }
    return null;
  };
}
