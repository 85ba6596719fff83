/**
 * @module Deep message pages without walking the offset: the day buckets of the page's chats are
 * summed in sort order until the running count passes the offset; the page then starts at that
 * day's edge with the small rest of the offset. Costs one summary row per day (and filter
 * combination) plus at most one day of index entries, instead of `offset` index entries.
 */
import type { MessagesFilter, SortOrder } from "@wa/core";
import type { Database, Statement } from "better-sqlite3";
import { BUCKET_SECONDS, bucketOf } from "./buckets.ts";

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
  const sumsOf = (filter: MessagesFilter, order: SortOrder, many: boolean) =>
    prepared(
      `sums|${filter.fromMe !== undefined}|${filter.ack !== undefined}|${order}|${many}`,
      () =>
        `SELECT bucket, SUM(n) FROM message_buckets WHERE session = @session AND ${
          many ? "chat_id IN (SELECT value FROM json_each(@chats))" : "chat_id = @chat"
        } AND bucket >= @lo AND bucket <= @hi${filterSql(filter)}
      GROUP BY bucket ORDER BY bucket ${order === "desc" ? "DESC" : "ASC"}`,
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
    const { timestampGte: gte, timestampLte: lte } = filter;
    const lo = gte === undefined ? Number.MIN_SAFE_INTEGER : bucketOf(gte);
    const hi = lte === undefined ? Number.MAX_SAFE_INTEGER : bucketOf(lte);
    const many = chats.length > 1;
    const sums = sumsOf(filter, order, many).all({
      ...base,
      ...(many ? { chats: JSON.stringify(chats) } : { chat: chats[0] }),
      lo,
      hi,
    }) as Array<[number, number]>;
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
    for (const [bucket, sum] of sums) {
      const cut = (gte !== undefined && bucket === lo) || (lte !== undefined && bucket === hi);
      const count = cut ? exact(bucket) : sum;
      if (skipped + count > offset) return { bucket, remaining: offset - skipped };
      skipped += count;
    }
    return null;
  };
}
