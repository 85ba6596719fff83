/**
 * @module Applies one domain event of a session inside the caller's transaction, as the SQLite
 * store does (`sqlite/apply-events.ts`: the same rules, the same outbox drafts), with lists
 * written in multi-row statements and JSON edits made in JS.
 */
import {
  Ack,
  ackName,
  type Chat,
  type ChatPatch,
  chatArchivePayload,
  type DomainEvent,
  isDisplayableKind,
  type MessageKey,
  messageAckPayload,
  messageEditedPayload,
  messageReactionPayload,
  messageRevokedPayload,
  type StoredMessage,
  type WAMessage,
  type WAReaction,
} from "@wa/core";
import type { EventDraft } from "../sqlite/outbox-write.ts";
import { CHAT_COLUMNS, type ChatRow, chatFromRow, toJson } from "../sqlite/rows.ts";
import type { BucketDeltas } from "./buckets.ts";
import { STATE_COLUMNS, stateFromRow, storeMessages } from "./message-writes.ts";
import { upsertChats, upsertContacts, upsertLids } from "./row-writes.ts";
import type { Query } from "./sql.ts";

/** The context of one unit: its statements, bucket deltas and outbox drafts. */
export interface UnitContext {
  query: Query;
  session: string;
  buckets: BucketDeltas;
  drafts: EventDraft[];
}

/** Applies one event (inside the caller's transaction). */
export async function applyEvent(unit: UnitContext, event: DomainEvent): Promise<void> {
  const { query, session, drafts } = unit;
  switch (event.type) {
    case "history.batch":
      // History carries its chats with their own activity; its messages do not touch chats.
      await upsertChats(query, session, event.chats);
      await storeMessages(query, session, event.messages, unit.buckets);
      await upsertContacts(query, session, event.contacts);
      await upsertLids(query, session, event.lidMappings);
      return;
    case "chat.upsert":
      await upsertChats(query, session, event.chats);
      return;
    case "chat.update":
      for (const patch of event.patches) await patchChat(query, session, patch);
      return;
    case "chat.archive": {
      await ensureChat(query, session, event.chatId);
      const archived = event.archived ? 1 : 0;
      // Only a flip is news: the echo of an archive already stored announces nothing.
      const flipped = await query(
        "UPDATE chats SET archived = $1 WHERE session = $2 AND id = $3 AND archived <> $1",
        [archived, session, event.chatId],
      );
      if (flipped.count === 1) {
        drafts.push(draft("chat.archive", event.chatId, chatArchivePayload(event)));
      }
      return;
    }
    case "chat.unread":
      await ensureChat(query, session, event.chatId);
      await query("UPDATE chats SET unread_count = $1 WHERE session = $2 AND id = $3", [
        event.unreadCount,
        session,
        event.chatId,
      ]);
      return;
    case "chat.delete":
      await query("DELETE FROM chats WHERE session = $1 AND id = $2", [session, event.chatId]);
      await clearChat(unit, event.chatId);
      return;
    case "chat.clear":
      await clearChat(unit, event.chatId);
      return;
    case "message.upsert":
      await upsertLiveMessages(unit, event.messages, event.notify);
      return;
    case "message.ack": {
      const raised = await raiseAck(unit, event.key, event.ack);
      if (!event.key.fromMe && event.ack >= Ack.READ) await readIncoming(query, session, event.key);
      // WAHA's message.ack is about our own messages: their receipts from the other side.
      if (raised && event.key.fromMe) {
        drafts.push(draft("message.ack", event.key.chatId, messageAckPayload(raised, event.ack)));
      }
      return;
    }
    case "message.reaction":
      if ((await react(query, session, event.target, event.reaction)) && !event.history) {
        const payload = messageReactionPayload(event.target, event.reaction);
        drafts.push(draft("message.reaction", event.target.chatId, payload));
      }
      return;
    case "message.edit": {
      const { key } = event;
      const row = await messageOf(query, session, key);
      if (!row) return;
      const message = JSON.parse(row.data) as Record<string, unknown>;
      // Only a different text counts as an edit (a replayed edit changes nothing).
      if (message.body === event.body) return;
      message.body = event.body;
      await setData(query, session, key, JSON.stringify(message));
      if (event.history) return;
      const payload = messageEditedPayload(message as unknown as WAMessage, key, event.body);
      drafts.push(draft("message.edited", key.chatId, payload));
      return;
    }
    case "message.revoke": {
      // WAHA deletes a message that is no longer "real" once revoked; so do we.
      const before = await deleteMessage(unit, event.key);
      if (before === null || event.history) return;
      const payload = messageRevokedPayload(event.key, JSON.parse(before) as WAMessage);
      drafts.push(draft("message.revoked", event.key.chatId, payload));
      return;
    }
    case "message.delete":
      for (const key of event.keys) await deleteMessage(unit, key);
      return;
    case "contact.upsert":
      await upsertContacts(query, session, event.contacts);
      return;
    case "lid.mapping":
      await upsertLids(query, session, event.mappings);
      return;
    case "session.status":
      // Touches the record only when something changes, so a replayed status event is a no-op.
      await query(
        `UPDATE sessions SET status = $1, me = COALESCE($2::text, me), updated_at = $3
        WHERE name = $4 AND (status <> $1 OR ($2::text IS NOT NULL AND (me IS NULL OR me <> $2::text)))`,
        [event.status, toJson(event.me), Date.now(), session],
      );
      // The outbox writer compares it with the stream's last status: only a change is an event.
      drafts.push({ event: "session.status", status: event.status });
      return;
  }
}

// --- internal ---

function draft(
  event: Exclude<EventDraft["event"], "session.status">,
  chatId: string,
  payload: unknown,
) {
  return { event, chatId, payload: JSON.stringify(payload) } as EventDraft;
}

async function ensureChat(query: Query, session: string, chatId: string): Promise<void> {
  await query(
    `INSERT INTO chats (session, ${CHAT_COLUMNS}) VALUES ($1, $2, NULL, NULL, 0, 0, 0, NULL)
    ON CONFLICT (session, id) DO NOTHING`,
    [session, chatId],
  );
}

/** Absent fields are kept; a raw object patch is merged shallowly into the stored raw chat. */
async function patchChat(query: Query, session: string, patch: ChatPatch): Promise<void> {
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

function mergeRaw(stored: unknown, patch: unknown): unknown {
  const isObject = (value: unknown) =>
    typeof value === "object" && value !== null && !Array.isArray(value);
  return isObject(stored) && isObject(patch)
    ? { ...(stored as object), ...(patch as object) }
    : patch;
}

/**
 * Live messages (see the SQLite store): stored, their chats created when missing and, for a
 * displayable message, their activity raised; a new incoming displayable `notify` message
 * counts as unread once and is news as `message`; a new displayable one that is live or our
 * own is news as `message.any`.
 */
async function upsertLiveMessages(
  unit: UnitContext,
  messages: readonly StoredMessage[],
  notify: boolean,
): Promise<void> {
  const { query, session, drafts } = unit;
  const isNew = await storeMessages(query, session, messages, unit.buckets);
  for (const [index, message] of messages.entries()) {
    const chatId = message.key.chatId;
    await ensureChat(query, session, chatId);
    if (!isDisplayableKind(message.kind)) continue;
    await query(
      `UPDATE chats SET conversation_timestamp = $3 WHERE session = $1 AND id = $2
      AND (conversation_timestamp IS NULL OR conversation_timestamp < $3)`,
      [session, chatId, message.timestamp],
    );
    if (!isNew[index]) continue;
    const { fromMe } = message.key;
    if (notify && !fromMe) {
      await query(
        "UPDATE chats SET unread_count = GREATEST(unread_count, 0) + 1 WHERE session = $1 AND id = $2",
        [session, chatId],
      );
    }
    const payload = JSON.stringify(message.message);
    if (notify && !fromMe) drafts.push({ event: "message", chatId, payload });
    if (notify || fromMe) drafts.push({ event: "message.any", chatId, payload });
  }
}

async function messageOf(query: Query, session: string, key: MessageKey) {
  const [row] = await query(
    `SELECT ${STATE_COLUMNS} FROM messages WHERE session = $1 AND chat_id = $2 AND id = $3`,
    [session, key.chatId, key.id],
  );
  return row ? stateFromRow(row) : null;
}

async function setData(query: Query, session: string, key: MessageKey, data: string) {
  await query("UPDATE messages SET data = $4 WHERE session = $1 AND chat_id = $2 AND id = $3", [
    session,
    key.chatId,
    key.id,
    data,
  ]);
}

/**
 * Raises a message's ack (never lowers it), moving it between the ack counts of its bucket.
 * Returns the message as now stored when the ack rose, or null.
 */
async function raiseAck(unit: UnitContext, key: MessageKey, ack: number) {
  const { query, session } = unit;
  const before = await messageOf(query, session, key);
  if (!before || before.ack >= ack) return null;
  const message = JSON.parse(before.data) as WAMessage & Record<string, unknown>;
  message.ack = ack;
  message.ackName = ackName(ack);
  await query(
    "UPDATE messages SET ack = $4, data = $5 WHERE session = $1 AND chat_id = $2 AND id = $3",
    [session, key.chatId, key.id, ack, JSON.stringify(message)],
  );
  unit.buckets.add(before, -1);
  unit.buckets.add({ ...before, ack }, 1);
  return message as WAMessage;
}

/**
 * An incoming message was read: its chat's unread count becomes the number of unread incoming
 * messages after it, never more than before (see the SQLite store). Only a stored message counts.
 */
async function readIncoming(query: Query, session: string, key: MessageKey): Promise<void> {
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

/** One reaction per sender (see the SQLite store); returns whether the stored reactions changed. */
async function react(
  query: Query,
  session: string,
  target: MessageKey,
  reaction: WAReaction,
): Promise<boolean> {
  const row = await messageOf(query, session, target);
  if (!row) return false;
  const reactions: WAReaction[] = row.reactions ? JSON.parse(row.reactions) : [];
  const index = reactions.findIndex((item) => item.from === reaction.from);
  const existing = reactions[index];
  if (existing && existing.timestamp > reaction.timestamp) return false;
  if (reaction.text === "") {
    if (index < 0) return false;
    reactions.splice(index, 1);
  } else if (existing) {
    if (existing.text === reaction.text && existing.timestamp === reaction.timestamp) return false;
    reactions[index] = reaction;
  } else {
    reactions.push(reaction);
  }
  await query(
    "UPDATE messages SET reactions = $4 WHERE session = $1 AND chat_id = $2 AND id = $3",
    [session, target.chatId, target.id, JSON.stringify(reactions)],
  );
  return true;
}

/** Deletes every message of a chat and its buckets. */
async function clearChat(unit: UnitContext, chatId: string): Promise<void> {
  const { query, session } = unit;
  // Pending deltas of this unit may hold counts of this chat: written first, then dropped with it.
  await unit.buckets.flush(query);
  for (const table of ["messages", "message_buckets", "message_months"]) {
    await query(`DELETE FROM ${table} WHERE session = $1 AND chat_id = $2`, [session, chatId]);
  }
}

/** Deletes a message; returns its stored WAMessage JSON, or null when there was none. */
async function deleteMessage(unit: UnitContext, key: MessageKey): Promise<string | null> {
  const [row] = await unit.query(
    `DELETE FROM messages WHERE session = $1 AND chat_id = $2 AND id = $3
    RETURNING ${STATE_COLUMNS}`,
    [unit.session, key.chatId, key.id],
  );
  if (!row) return null;
  const deleted = stateFromRow(row);
  unit.buckets.add(deleted, -1);
  return deleted.data;
}
