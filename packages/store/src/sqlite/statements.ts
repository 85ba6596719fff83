/** @module The write statements of the store, prepared once per database. */
import type { Database, Statement } from "better-sqlite3";
import { CHAT_COLUMNS, MESSAGE_COLUMNS } from "./rows.ts";

// A null conversation timestamp never wins over a known one; a newer one always does.
const NEWER_ACTIVITY = `CASE
  WHEN chats.conversation_timestamp IS NULL THEN excluded.conversation_timestamp
  WHEN excluded.conversation_timestamp IS NULL THEN chats.conversation_timestamp
  WHEN excluded.conversation_timestamp > chats.conversation_timestamp THEN excluded.conversation_timestamp
  ELSE chats.conversation_timestamp END`;

const MESSAGE_INSERT = `INSERT INTO messages
  (session, chat_id, id, from_me, participant, timestamp, ack, kind, displayable, data, reactions)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

// On a replayed or replaced message the ack never goes down: the stored (higher) ack and its
// name are written back into the new JSON. Right-hand sides read the pre-update row.
const MESSAGE_REPLACE = `
  from_me = excluded.from_me,
  participant = excluded.participant,
  timestamp = excluded.timestamp,
  kind = excluded.kind,
  displayable = excluded.displayable,
  data = CASE WHEN excluded.ack >= messages.ack THEN excluded.data
    ELSE json_set(excluded.data, '$.ack', messages.ack, '$.ackName', json_extract(messages.data, '$.ackName')) END,
  ack = CASE WHEN excluded.ack >= messages.ack THEN excluded.ack ELSE messages.ack END,
  reactions = COALESCE(excluded.reactions, messages.reactions)`;

/** The SQL of every write statement, by name. */
const WRITE_SQL = {
  upsertChat: `INSERT INTO chats (session, ${CHAT_COLUMNS})
      VALUES (@session, @id, @name, @conversation_timestamp, @unread_count, @archived, @pinned, @data)
      ON CONFLICT (session, id) DO UPDATE SET
        name = excluded.name,
        conversation_timestamp = ${NEWER_ACTIVITY},
        unread_count = excluded.unread_count,
        archived = excluded.archived,
        pinned = excluded.pinned,
        data = excluded.data`,
  replaceChat: `UPDATE chats SET name = @name, conversation_timestamp = @conversation_timestamp,
      unread_count = @unread_count, archived = @archived, pinned = @pinned, data = @data
      WHERE session = @session AND id = @id`,
  ensureChat: `INSERT INTO chats (session, ${CHAT_COLUMNS})
      VALUES (?, ?, NULL, NULL, 0, 0, 0, NULL) ON CONFLICT (session, id) DO NOTHING`,
  raiseActivity: `UPDATE chats SET conversation_timestamp = @timestamp
      WHERE session = @session AND id = @key AND (conversation_timestamp IS NULL OR conversation_timestamp < @timestamp)`,
  bumpUnread: `UPDATE chats SET unread_count = MAX(unread_count, 0) + 1
      WHERE session = ? AND id = ?`,
  // Touches the row only when the flag flips (changes = 1 tells the outbox it is news).
  setArchived: "UPDATE chats SET archived = ? WHERE session = ? AND id = ? AND archived <> ?",
  setUnread: "UPDATE chats SET unread_count = ? WHERE session = ? AND id = ?",
  // An incoming message was read: as in WhatsApp, what is unread is what came after it (never more
  // than before; a chat marked unread, -1, counts from scratch). Counted on the listing index.
  readUpTo: `UPDATE chats SET unread_count = MIN(
        CASE WHEN unread_count < 0 THEN 2147483647 ELSE unread_count END,
        (SELECT COUNT(*) FROM messages WHERE session = @session AND chat_id = @chat_id
          AND displayable = 1 AND from_me = 0 AND ack < @read
          AND (timestamp > @timestamp OR (timestamp = @timestamp AND id > @id))))
      WHERE session = @session AND id = @chat_id`,
  deleteChat: "DELETE FROM chats WHERE session = ? AND id = ?",
  deleteChatMessages: "DELETE FROM messages WHERE session = ? AND chat_id = ?",
  deleteChatBuckets: "DELETE FROM message_buckets WHERE session = ? AND chat_id = ?",
  deleteChatMonths: "DELETE FROM message_months WHERE session = ? AND chat_id = ?",
  upsertMessage: `${MESSAGE_INSERT} ON CONFLICT (session, id, chat_id) DO UPDATE SET ${MESSAGE_REPLACE}`,
  insertMessage: `${MESSAGE_INSERT} ON CONFLICT (session, id, chat_id) DO NOTHING`,
  // A bound number is a REAL to SQLite, which json_set would write as `4.0`: written as an
  // integer, the stored JSON stays what JSON.stringify writes (listMessagesJson sends it as is).
  raiseAck: `UPDATE messages SET ack = @ack, data = json_set(data,
        '$.ack', CASE WHEN @ack = CAST(@ack AS INTEGER) THEN CAST(@ack AS INTEGER) ELSE @ack END,
        '$.ackName', @ack_name)
      WHERE session = @session AND chat_id = @chat_id AND id = @id AND ack < @ack`,
  // Only a different text counts as an edit (a replayed edit changes no row).
  editBody: `UPDATE messages SET data = json_set(data, '$.body', ?)
      WHERE session = ? AND chat_id = ? AND id = ? AND json_extract(data, '$.body') IS NOT ?`,
  setReactions: "UPDATE messages SET reactions = ? WHERE session = ? AND chat_id = ? AND id = ?",
  // RETURNING: the deleted row's bucket columns (no row: nothing was deleted, nothing to count).
  deleteMessage: `DELETE FROM messages WHERE session = ? AND chat_id = ? AND id = ?
      RETURNING chat_id, timestamp, from_me, ack, displayable, data`,
  bucketColumnsByKey: `SELECT chat_id, timestamp, from_me, ack, displayable FROM messages
      WHERE session = ? AND chat_id = ? AND id = ?`,
  addToBucket: `INSERT INTO message_buckets (session, chat_id, bucket, from_me, ack, n)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (session, chat_id, bucket, from_me, ack) DO UPDATE SET n = message_buckets.n + excluded.n`,
  dropEmptyBucket: `DELETE FROM message_buckets
      WHERE session = ? AND chat_id = ? AND bucket = ? AND from_me = ? AND ack = ? AND n <= 0`,
  addToMonth: `INSERT INTO message_months (session, chat_id, month, from_me, ack, n)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (session, chat_id, month, from_me, ack) DO UPDATE SET n = message_months.n + excluded.n`,
  dropEmptyMonth: `DELETE FROM message_months
      WHERE session = ? AND chat_id = ? AND month = ? AND from_me = ? AND ack = ? AND n <= 0`,
  messageByKey: `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE session = ? AND chat_id = ? AND id = ?`,
  chatById: `SELECT ${CHAT_COLUMNS} FROM chats WHERE session = ? AND id = ?`,
  upsertContact: `INSERT INTO contacts (session, id, name, push_name, data)
      VALUES (@session, @id, @name, @push_name, @data)
      ON CONFLICT (session, id) DO UPDATE SET
        name = CASE WHEN @has_name = 1 THEN excluded.name ELSE contacts.name END,
        push_name = CASE WHEN @has_push_name = 1 THEN excluded.push_name ELSE contacts.push_name END,
        data = COALESCE(excluded.data, contacts.data)`,
  upsertLid: `INSERT INTO lid_map (session, lid, pn) VALUES (?, ?, ?)
      ON CONFLICT (session, lid) DO UPDATE SET pn = excluded.pn`,
  // Touches the record only when something changes, so a replayed status event is a no-op.
  sessionStatus: `UPDATE sessions SET status = @status, me = COALESCE(@me, me), updated_at = @now
      WHERE name = @name AND (status <> @status OR (@me IS NOT NULL AND (me IS NULL OR me <> @me)))`,
} as const;

/** The prepared write statements, by name. */
export type WriteStatements = { readonly [name in keyof typeof WRITE_SQL]: Statement };

/** Prepares every write statement once. */
export function prepareWrites(db: Database): WriteStatements {
  const entries = Object.entries(WRITE_SQL).map(([name, sql]) => [name, db.prepare(sql)]);
  return Object.fromEntries(entries) as WriteStatements;
}
