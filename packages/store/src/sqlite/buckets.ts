/**
 * @module Day buckets of displayable messages: per (chat, day, from_me, ack) how many there are.
 * A deep page sums them instead of walking every skipped index entry. They are kept exact by the
 * writes themselves: each unit collects +1/-1 deltas for the rows it really inserted, changed or
 * deleted, and upserts one row per touched bucket before the unit commits.
 */
import type { Statement } from "better-sqlite3";

/**
 * Bucket width: one day. A busy chat gets a few hundred messages a day, so the walk inside the
 * bucket that holds the offset stays short, while a chat of a year needs only ~365 × (a few
 * from_me/ack combinations) summary rows to skip any offset.
 */
export const BUCKET_SECONDS = 86_400;

/** The bucket of a timestamp (floor, also for negative timestamps; SQL uses the same formula). */
export const bucketOf = (timestamp: number): number => Math.floor(timestamp / BUCKET_SECONDS);

/**
 * Days per "month", the second level: a deep page sums months (a dozen rows a year) and then the
 * days of one month, instead of every day of the chat.
 */
export const MONTH_DAYS = 32;

/** The month of a day bucket (floor, also for negative buckets). */
export const monthOf = (bucket: number): number => Math.floor(bucket / MONTH_DAYS);

/** The columns of a message that decide its bucket row. */
export interface BucketedRow {
  chat_id: string;
  timestamp: number;
  from_me: number;
  ack: number;
  displayable: number;
}

/** Statements the deltas need. */
export interface BucketStatements {
  /** (session, chat_id, bucket, from_me, ack, n): adds n to the bucket row. */
  addToBucket: Statement;
  /** (session, chat_id, bucket, from_me, ack): drops the row once it counts nothing. */
  dropEmptyBucket: Statement;
  /** The same two for months: (session, chat_id, month, from_me, ack[, n]). */
  addToMonth: Statement;
  dropEmptyMonth: Statement;
}

/** The pending bucket changes of one unit of one session. */
export interface BucketDeltas {
  /** Counts a displayable row in (+1) or out (-1); non-displayable rows are ignored. */
  add(row: BucketedRow, sign: 1 | -1): void;
  /** The same, positionally: no object per row on the history-sync hot path. */
  addColumns(
    chatId: string,
    timestamp: number,
    fromMe: number,
    ack: number,
    displayable: number,
    sign: 1 | -1,
  ): void;
  /** Writes the pending changes (one upsert per touched bucket row) and forgets them. */
  flush(): void;
}

interface Pending {
  chatId: string;
  bucket: number;
  fromMe: number;
  ack: number;
  n: number;
}

export function createBucketDeltas(statements: BucketStatements, session: string): BucketDeltas {
  let pending = new Map<string, Pending>();
  // History comes chat by chat, day by day: most rows fall in the bucket row of the one before, found
  // without building its key.
  let last: Pending | null = null;
  const addColumns: BucketDeltas["addColumns"] = (chatId, timestamp, fromMe, ack, shown, sign) => {
    if (shown !== 1) return;
    const bucket = bucketOf(timestamp);
    if (
      last !== null &&
      last.bucket === bucket &&
      last.fromMe === fromMe &&
      last.ack === ack &&
      last.chatId === chatId
    ) {
      last.n += sign;
      return;
    }
    const key = `${chatId}\u0000${bucket}\u0000${fromMe}\u0000${ack}`;
    let entry = pending.get(key);
    if (entry) entry.n += sign;
    else {
      entry = { chatId, bucket, fromMe, ack, n: sign };
      pending.set(key, entry);
    }
    last = entry;
  };
  return {
    addColumns,
    add: (row, sign) =>
      addColumns(row.chat_id, row.timestamp, row.from_me, row.ack, row.displayable, sign),
    flush() {
      if (pending.size === 0) return;
      const entries = pending;
      pending = new Map();
      last = null;
      const months = new Map<string, Pending>();
      for (const { chatId, bucket, fromMe, ack, n } of entries.values()) {
        if (n === 0) continue;
        statements.addToBucket.run(session, chatId, bucket, fromMe, ack, n);
        if (n < 0) statements.dropEmptyBucket.run(session, chatId, bucket, fromMe, ack);
        const month = monthOf(bucket);
        const key = `${chatId}\u0000${month}\u0000${fromMe}\u0000${ack}`;
        const entry = months.get(key);
        if (entry) entry.n += n;
        else months.set(key, { chatId, bucket: month, fromMe, ack, n });
      }
      for (const { chatId, bucket: month, fromMe, ack, n } of months.values()) {
        if (n === 0) continue;
        statements.addToMonth.run(session, chatId, month, fromMe, ack, n);
        if (n < 0) statements.dropEmptyMonth.run(session, chatId, month, fromMe, ack);
      }
    },
  };
}
