/**
 * @module The edits of one stored chat inside an event's unit (see `apply-events.ts`): created when
 * an event names an unknown chat, patched field by field, its unread count after a read, its
 * messages cleared.
 */
import { Ack, type Chat, type ChatPatch, type MessageKey } from "@wa/core";
import { CHAT_COLUMNS, type ChatRow, chatFromRow, toJson } from "../sqlite/rows.ts";
import type { UnitContext } from "./apply-events.ts";
import type { Query } from "./sql.ts";

/** Creates the chat, empty, unless it is stored. */
export async function ensureChat(query: Query, session: string, chatId: string): Promise<void> {
  await query(
    `INSERT INTO chats (session, ${CHAT_COLUMNS}) VALUES ($1, $2, NULL, NULL, 0, 0, 0, NULL)
    ON CONFLICT (session, id) DO NOTHING`,
    [session, chatId],
  );
}

/** Absent fields are kept; a raw object patch is merged shallowly into the stored raw chat. */
export async function patchChat(query: Query, session: string, patch: ChatPatch): Promise<void> {
  await ensureChat(query, session, patch.id);
  const [row] = await query(`SELECT ${CHAT_COLUMNS} FROM chats WHERE session = $1 AND id = $2`, [
    session,
    patch.id,
  ]);
  const stored = chatFromRow(row as unknown as ChatRow);
  const merged: Chat = { ...stored };
  if (patch.name !== undefined) merged.name = patch.name;
  if (patch.conversationTimestamp !== undefined)
    merged.conversationTimestamp = patch.conversationTimestamp;
  if (patch.unreadCount !== undefined) merged.unreadCount = patch.unreadCount;
  if (patch.archived !== undefined) merged.archived = patch.archived;
  if (patch.pinned !== undefined) merged.pinned = patch.pinned;
  if (patch.raw !== undefined) merged.raw = mergeRaw(stored.raw, patch.raw);
  await query(
    `UPDATE chats SET name = $3, conversation_timestamp = $4, unread_count = $5, archived = $6,
      pinned = $7, data = $8 WHERE session = $1 AND id = $2`,
    [
      session,
      merged.id,
      merged.name ?? null,
      merged.conversationTimestamp ?? null,
      merged.unreadCount ?? 0,
      merged.archived ? 1 : 0,
      merged.pinned ? 1 : 0,
      toJson(merged.raw),
    ],
  );
}

/**
 * An incoming message was read: its chat's unread count becomes the number of unread incoming
 * messages after it, never more than before (see the SQLite store). Only a stored message counts.
 */
export async function readIncoming(query: Query, session: string, key: MessageKey): Promise<void> {
  const [row] = await query(
    "SELECT timestamp FROM messages WHERE session = $1 AND chat_id = $2 AND id = $3",
    [session, key.chatId, key.id],
  );
  if (!row) return;
  await query(
    `UPDATE chats SET unread_count = LEAST(
        CASE WHEN unread_count < 0 THEN 2147483647 ELSE unread_count END,
        (SELECT COUNT(*) FROM messages WHERE session = $1 AND chat_id = $2
          AND displayable = 1 AND from_me = 0 AND ack < $5
          AND (timestamp > $3 OR (timestamp = $3 AND id > $4))))
    WHERE session = $1 AND id = $2`,
    [session, key.chatId, Number(row.timestamp), key.id, Ack.READ],
  );
}

/** Deletes every message of a chat and its buckets. */
export async function clearChat(unit: UnitContext, chatId: string): Promise<void> {
  const { query, session } = unit;
  // Pending deltas of this unit may hold counts of this chat: written first, then dropped with it.
  await unit.buckets.flush(query);
  for (const table of ["messages", "message_buckets", "message_months"]) {
    await query(`DELETE FROM ${table} WHERE session = $1 AND chat_id = $2`, [session, chatId]);
  }
}

// --- internal ---

function mergeRaw(stored: unknown, patch: unknown): unknown {
  const isObject = (value: unknown) =>
    typeof value === "object" && value !== null && !Array.isArray(value);
  return isObject(stored) && isObject(patch)
    ? { ...(stored as object), ...(patch as object) }
    : patch;
}
