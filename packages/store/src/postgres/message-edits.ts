/**
 * @module The edits of one stored message inside an event's unit (see `apply-events.ts`): its
 * state read, its JSON replaced, its ack raised (never lowered), its reactions (one per sender),
 * its deletion with its bucket counts.
 */
import { ackName, type MessageKey, type WAMessage, type WAReaction } from "@wa/core";
import type { UnitContext } from "./apply-events.ts";
import { STATE_COLUMNS, stateFromRow } from "./message-writes.ts";
import type { Query } from "./sql.ts";

/** The stored state of a message, or null. */
export async function messageOf(query: Query, session: string, key: MessageKey) {
  const [row] = await query(
    `SELECT ${STATE_COLUMNS} FROM messages WHERE session = $1 AND chat_id = $2 AND id = $3`,
    [session, key.chatId, key.id],
  );
  return row ? stateFromRow(row) : null;
}

/** Replaces a message's WAMessage JSON. */
export async function setData(query: Query, session: string, key: MessageKey, data: string) {
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
export async function raiseAck(unit: UnitContext, key: MessageKey, ack: number) {
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

/** One reaction per sender (see the SQLite store); returns whether the stored reactions changed. */
export async function react(
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

/** Deletes a message; returns its stored WAMessage JSON, or null when there was none. */
export async function deleteMessage(unit: UnitContext, key: MessageKey): Promise<string | null> {
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
