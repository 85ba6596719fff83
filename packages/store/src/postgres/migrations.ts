/**
 * @module The ordered schema migrations of the PostgreSQL store. The tables are those of the
 * SQLite store (`sqlite/migrations.ts`) with PostgreSQL types: `BIGINT` for every ms timestamp
 * (they overflow the 32-bit `INTEGER`), `TEXT` for the raw JSON (`listMessagesJson` returns the
 * stored text as it is; `jsonb` would rewrite it), and `COLLATE "C"` on every text key so that
 * ids sort and compare by code point as in SQLite and @wa/core, whatever the database's locale.
 */

/** One schema step: applied once, in `version` order, inside a transaction. */
export interface PostgresMigration {
  version: number;
  name: string;
  statements: readonly string[];
}

const KEY = 'TEXT COLLATE "C" NOT NULL';
const OPTIONAL_KEY = 'TEXT COLLATE "C"';

/** Every migration, oldest first. Never edit a released one: append a new version instead. */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: "initial schema (the SQLite store's schema version 5)",
    statements: [
      `CREATE TABLE sessions (
        name ${KEY} PRIMARY KEY,
        engine TEXT NOT NULL,
        status TEXT NOT NULL,
        running SMALLINT NOT NULL,
        me TEXT,
        config TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
      `CREATE TABLE auth_state (
        session ${KEY},
        key ${KEY},
        value TEXT NOT NULL,
        PRIMARY KEY (session, key)
      )`,
      `CREATE TABLE chats (
        session ${KEY},
        id ${KEY},
        name ${OPTIONAL_KEY},
        conversation_timestamp BIGINT,
        unread_count INTEGER NOT NULL,
        archived SMALLINT NOT NULL,
        pinned SMALLINT NOT NULL,
        data TEXT,
        PRIMARY KEY (session, id)
      )`,
      "CREATE INDEX chats_activity ON chats (session, conversation_timestamp, id)",
      "CREATE INDEX chats_name ON chats (session, name, id)",
      `CREATE TABLE messages (
        session ${KEY},
        chat_id ${KEY},
        id ${KEY},
        from_me SMALLINT NOT NULL,
        participant TEXT,
        timestamp BIGINT NOT NULL,
        ack INTEGER NOT NULL,
        kind TEXT NOT NULL,
        displayable SMALLINT NOT NULL,
        data TEXT NOT NULL,
        reactions TEXT,
        PRIMARY KEY (session, id, chat_id)
      )`,
      // As in SQLite: one chat's pages walk this index, from_me and ack ride along so that the
      // filters and an OFFSET are answered from the index (index-only scans once vacuumed).
      "CREATE INDEX messages_listing ON messages (session, chat_id, displayable, timestamp, id, from_me, ack)",
      "CREATE INDEX messages_timeline ON messages (session, displayable, timestamp, id)",
      `CREATE TABLE contacts (
        session ${KEY},
        id ${KEY},
        name TEXT,
        push_name TEXT,
        data TEXT,
        PRIMARY KEY (session, id)
      )`,
      `CREATE TABLE lid_map (
        session ${KEY},
        lid ${KEY},
        pn ${KEY},
        PRIMARY KEY (session, lid)
      )`,
      "CREATE INDEX lid_map_pn ON lid_map (session, pn, lid)",
      // Day buckets and their 32-day months of displayable messages (see sqlite/buckets.ts).
      `CREATE TABLE message_buckets (
        session ${KEY},
        chat_id ${KEY},
        bucket BIGINT NOT NULL,
        from_me SMALLINT NOT NULL,
        ack INTEGER NOT NULL,
        n BIGINT NOT NULL,
        PRIMARY KEY (session, chat_id, bucket, from_me, ack)
      )`,
      `CREATE TABLE message_months (
        session ${KEY},
        chat_id ${KEY},
        month BIGINT NOT NULL,
        from_me SMALLINT NOT NULL,
        ack INTEGER NOT NULL,
        n BIGINT NOT NULL,
        PRIMARY KEY (session, chat_id, month, from_me, ack)
      )`,
      `CREATE TABLE outbox (
        session ${KEY},
        seq BIGINT NOT NULL,
        id ${KEY},
        event TEXT NOT NULL,
        chat_id TEXT,
        timestamp BIGINT NOT NULL,
        payload TEXT NOT NULL,
        PRIMARY KEY (session, seq)
      )`,
      "CREATE UNIQUE INDEX outbox_id ON outbox (id)",
      `CREATE TABLE outbox_streams (
        session ${KEY} PRIMARY KEY,
        last_seq BIGINT NOT NULL,
        last_id TEXT NOT NULL,
        statuses TEXT NOT NULL
      )`,
      `CREATE TABLE webhook_targets (
        session ${KEY},
        target ${KEY},
        cursor BIGINT NOT NULL,
        PRIMARY KEY (session, target)
      )`,
      `CREATE TABLE webhook_deliveries (
        session ${KEY},
        target ${KEY},
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
