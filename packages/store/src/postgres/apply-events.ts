/**
 * @module Applies one domain event of a session inside the caller's transaction, as the SQLite
 * store does (`sqlite/apply-events.ts`: the same rules, the same outbox drafts), with lists
 * written in multi-row statements and JSON edits made in JS (`chat-edits.ts`, `message-edits.ts`).
 */
import {
  Ack,
  chatArchivePayload,
  type DomainEvent,
  isDisplayableKind,
  messageAckPayload,
  messageEditedPayload,
  messageReactionPayload,
  messageRevokedPayload,
  type StoredMessage,
  type WAMessage,
} from "@wa/core";
import type { EventDraft } from "../sqlite/outbox-write.ts";
import { toJson } from "../sqlite/rows.ts";
import type { BucketDeltas } from "./buckets.ts";
import { clearChat, ensureChat, patchChat, readIncoming } from "./chat-edits.ts";
import { deleteMessage, messageOf, raiseAck, react, setData } from "./message-edits.ts";
import { storeMessages } from "./message-writes.ts";
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
