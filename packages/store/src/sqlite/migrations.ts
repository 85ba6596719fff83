/** @module The ordered schema migrations of the store; portable SQL (plain INTEGER/TEXT columns, standard indexes). */

/** One schema step: applied once, in `version` order, inside a transaction. */
export interface Migration {
  version: number;
  name: string;
  /** Plain DDL statements, valid for SQLite and PostgreSQL alike. */
  statements: readonly string[];
}

/**
 * Every migration, oldest first. Never edit a released one: append a new version instead.
 * The session leads every key and index, so one database holds all sessions.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "initial schema",
    statements: [
      `CREATE TABLE sessions (
        name TEXT NOT NULL PRIMARY KEY,
        engine TEXT NOT NULL,
        status TEXT NOT NULL,
        running INTEGER NOT NULL,
        me TEXT,
        config TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      )`,
      `CREATE TABLE auth_state (
        session TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (session, key)
      )`,
      `CREATE TABLE chats (
        session TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT,
        conversation_timestamp INTEGER,
        unread_count INTEGER NOT NULL,
        archived INTEGER NOT NULL,
        pinned INTEGER NOT NULL,
        data TEXT,
        PRIMARY KEY (session, id)
      )`,
      "CREATE INDEX chats_activity ON chats (session, conversation_timestamp, id)",
      "CREATE INDEX chats_name ON chats (session, name, id)",
      `CREATE TABLE messages (
        session TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        id TEXT NOT NULL,
        from_me INTEGER NOT NULL,
        participant TEXT,
        timestamp INTEGER NOT NULL,
        ack INTEGER NOT NULL,
        kind TEXT NOT NULL,
        displayable INTEGER NOT NULL,
        data TEXT NOT NULL,
        reactions TEXT,
        PRIMARY KEY (session, id, chat_id)
      )`,
      // The key leads with the message id so that it also serves lookups by bare id
      // (get-message-by-id with `all`); one index fewer to maintain on every insert.
      // Every message page of one chat: seek to (session, chat, displayable), walk in (timestamp,
      // id) order. from_me and ack ride along so the fromMe/ack filters are checked in the index
      // (covering: no table access) and an OFFSET skips index entries only; the JSON is fetched
      // for the page's rows alone. One index instead of a second (…, from_me, ack, timestamp, id)
      // one keeps history ingestion fast; a rare filter walks more entries, bounded by the
      // timestamp filters when given.
      "CREATE INDEX messages_listing ON messages (session, chat_id, displayable, timestamp, id, from_me, ack)",
      `CREATE TABLE contacts (
        session TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT,
        push_name TEXT,
        data TEXT,
        PRIMARY KEY (session, id)
      )`,
      `CREATE TABLE lid_map (
        session TEXT NOT NULL,
        lid TEXT NOT NULL,
        pn TEXT NOT NULL,
        PRIMARY KEY (session, lid)
      )`,
      "CREATE INDEX lid_map_pn ON lid_map (session, pn, lid)",
    ],
  },
  {
    version: 2,
    name: "timeline index for messages of every chat",
    statements: [
      // GET /chats/all/messages orders all of a session's messages: without this index it sorts
      // them all (hundreds of ms at a million messages, blocking the event loop).
      "CREATE INDEX messages_timeline ON messages (session, displayable, timestamp, id)",
    ],
  },
  {
    version: 3,
    name: "day buckets of displayable messages (deep pages skip offsets by summing them)",
    statements: [
      // One row per (chat, day, from_me, ack) that holds displayable messages: `n` of them. Kept
      // exact by every message write (see buckets.ts); a deep page sums whole days and walks
      // the index only inside the day where its offset falls.
      `CREATE TABLE message_buckets (
        session TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        bucket INTEGER NOT NULL,
        from_me INTEGER NOT NULL,
        ack INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (session, chat_id, bucket, from_me, ack)
      )`,
      // floor(timestamp / 86400) for integer timestamps of either sign, in portable SQL.
      `INSERT INTO message_buckets (session, chat_id, bucket, from_me, ack, n)
        SELECT session, chat_id, (timestamp - ((timestamp % 86400) + 86400) % 86400) / 86400,
          from_me, ack, COUNT(*)
        FROM messages WHERE displayable = 1
        GROUP BY session, chat_id, (timestamp - ((timestamp % 86400) + 86400) % 86400) / 86400,
          from_me, ack`,
    ],
  },
  {
    version: 4,
    name: "32-day groups of the day buckets (deep pages sum months, then one month's days)",
    statements: [
      `CREATE TABLE message_months (
        session TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        month INTEGER NOT NULL,
        from_me INTEGER NOT NULL,
        ack INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (session, chat_id, month, from_me, ack)
      )`,
      // floor(bucket / 32) for buckets of either sign, in portable SQL.
      `INSERT INTO message_months (session, chat_id, month, from_me, ack, n)
        SELECT session, chat_id, (bucket - ((bucket % 32) + 32) % 32) / 32, from_me, ack, SUM(n)
        FROM message_buckets
        GROUP BY session, chat_id, (bucket - ((bucket % 32) + 32) % 32) / 32, from_me, ack`,
    ],
  },
  {
    version: 5,
    name: "the outbox: events written with their changes, and webhook delivery state",
    statements: [
      // One row per event; `seq` comes from the session's counter in outbox_streams (not an
      // autoincrement: on PostgreSQL those can commit out of order, and `?since=` readers would
      // skip events). BIGINT: ms timestamps overflow PostgreSQL's 32-bit INTEGER.
      `CREATE TABLE outbox (
        session TEXT NOT NULL,
        seq BIGINT NOT NULL,
        id TEXT NOT NULL,
        event TEXT NOT NULL,
        chat_id TEXT,
        timestamp BIGINT NOT NULL,
        payload TEXT NOT NULL,
        PRIMARY KEY (session, seq)
      )`,
      "CREATE UNIQUE INDEX outbox_id ON outbox (id)",
      // Per session: the last seq and id handed out, and the recent statuses (session.status).
      `CREATE TABLE outbox_streams (
        session TEXT NOT NULL PRIMARY KEY,
        last_seq BIGINT NOT NULL,
        last_id TEXT NOT NULL,
        statuses TEXT NOT NULL
      )`,
      // Per webhook target: every event up to `cursor` is delivered or dead.
      `CREATE TABLE webhook_targets (
        session TEXT NOT NULL,
        target TEXT NOT NULL,
        cursor BIGINT NOT NULL,
        PRIMARY KEY (session, target)
      )`,
      // The delivery log: one row per (target, event) attempted; retries resume from it.
      `CREATE TABLE webhook_deliveries (
        session TEXT NOT NULL,
        target TEXT NOT NULL,
        seq BIGINT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        next_attempt_at BIGINT,
        last_status INTEGER,
        last_error TEXT,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (session, target, seq)
      )`,
      "CREATE INDEX webhook_deliveries_status ON webhook_deliveries (session, status, seq)",
    ],
  },
];
