/**
 * @module The day buckets and 32-day months of displayable messages, kept exact by the writes
 * (see `sqlite/buckets.ts` for why): a unit collects +1/-1 deltas in memory and writes them
 * with one upsert per level before it commits.
 */
import { bucketOf, monthOf } from "../sqlite/buckets.ts";
import type { Query } from "./sql.ts";

/** The columns of a message that decide its bucket row. */
export interface BucketedColumns {
  chatId: string;
  timestamp: number;
  fromMe: number;
  ack: number;
  displayable: number;
}

/** The pending bucket changes of one unit of one session. */
export interface BucketDeltas {
  /** Counts a displayable row in (+1) or out (-1); other rows are ignored. */
  add(row: BucketedColumns, sign: 1 | -1): void;
  /** Writes the pending changes and forgets them. */
  flush(query: Query): Promise<void>;
}

interface Pending {
  chatId: string;
  bucket: number;
  fromMe: number;
  ack: number;
  n: number;
}

const LEVELS = [
  { table: "message_buckets", column: "bucket", of: (bucket: number) => bucket },
  { table: "message_months", column: "month", of: monthOf },
] as const;

export function createBucketDeltas(session: string): BucketDeltas {
  let pending = new Map<string, Pending>();
  return {
    add(row, sign) {
      if (row.displayable !== 1) return;
      const bucket = bucketOf(row.timestamp);
      const key = `${row.chatId}\u0000${bucket}\u0000${row.fromMe}\u0000${row.ack}`;
      const entry = pending.get(key);
      if (entry) entry.n += sign;
      else
        pending.set(key, { chatId: row.chatId, bucket, fromMe: row.fromMe, ack: row.ack, n: sign });
    },
    async flush(query) {
      if (pending.size === 0) return;
      const days = [...pending.values()].filter((entry) => entry.n !== 0);
      pending = new Map();
      for (const level of LEVELS) {
        const rows = new Map<string, Pending>();
        for (const day of days) {
          const at = level.of(day.bucket);
          const key = `${day.chatId}\u0000${at}\u0000${day.fromMe}\u0000${day.ack}`;
          const entry = rows.get(key);
          if (entry) entry.n += day.n;
          else rows.set(key, { ...day, bucket: at });
        }
        const changed = [...rows.values()].filter((row) => row.n !== 0);
        if (changed.length === 0) continue;
        await query(
          `INSERT INTO ${level.table} (session, chat_id, ${level.column}, from_me, ack, n)
          SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::smallint[], $5::int[], $6::bigint[])
          ON CONFLICT (session, chat_id, ${level.column}, from_me, ack)
          DO UPDATE SET n = ${level.table}.n + excluded.n`,
          [session, ...columnsOf(changed)],
        );
        const shrunk = changed.filter((row) => row.n < 0);
        if (shrunk.length === 0) continue;
        const [chats, at, fromMe, ack] = columnsOf(shrunk);
        await query(
          `DELETE FROM ${level.table} WHERE session = $1 AND n <= 0
          AND (chat_id, ${level.column}, from_me, ack) IN
            (SELECT * FROM unnest($2::text[], $3::bigint[], $4::smallint[], $5::int[]))`,
          [session, chats, at, fromMe, ack],
        );
      }
    },
  };
}

function columnsOf(rows: readonly Pending[]) {
  return [
    rows.map((row) => row.chatId),
    rows.map((row) => row.bucket),
    rows.map((row) => row.fromMe),
    rows.map((row) => row.ack),
    rows.map((row) => row.n),
  ] as const;
}
