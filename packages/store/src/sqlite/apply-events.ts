/**
 * @module Applies one domain event of a session to the database (inside the caller's transaction),
 * and drafts an outbox event for each change a client is told about (nothing for a replay).
 */
import {
  Ack,
  ackName,
  type Chat,
  type ChatPatch,
  chatArchivePayload,
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
import type { BucketDeltas, BucketedRow } from "./buckets.ts";
import type { UnitEvent } from "./encoded-history.ts";
import type { EventDraft } from "./outbox-write.ts";
import {
  type ChatRow,
  chatFromRow,
  chatParams,
  contactParams,
  type MessageRow,
  messageParams,
  toJson,
} from "./rows.ts";
import type { WriteStatements } from "./statements.ts";

/**
 * Applies one event of a session (inside the caller's transaction); `buckets` collects the bucket
 * count changes of the rows written, which the caller flushes before the unit commits, and
 * `drafts` the outbox events of the changes, which the caller writes in the same transaction.
 */
export function applyEvent(
  w: WriteStatements,
  session: string,
  event: UnitEvent,
  buckets: BucketDeltas,
  drafts: EventDraft[],
): void {
  switch (event.type) {
    case "history.batch":
      // History carries its chats with their own activity; its messages do not touch chats.
      for (const chat of event.chats) w.upsertChat.run(chatParams(session, chat));
      for (const message of event.messages)
        storeMessage(w, buckets, messageParams(session, message));
      for (const contact of event.contacts) w.upsertContact.run(contactParams(session, contact));
      for (const pair of event.lidMappings) w.upsertLid.run(session, pair.lid, pair.pn);
      return;
    case "history.encoded":
      // The same batch, its messages encoded by the main thread (encoded-history.ts).
      for (const chat of event.chats) w.upsertChat.run(chatParams(session, chat));
      for (const params of event.messageRows) storeMessage(w, buckets, params);
      for (const contact of event.contacts) w.upsertContact.run(contactParams(session, contact));
      for (const pair of event.lidMappings) w.upsertLid.run(session, pair.lid, pair.pn);
      return;
    case "chat.upsert":
      for (const chat of event.chats) w.upsertChat.run(chatParams(session, chat));
      return;
    case "chat.update":
      for (const patch of event.patches) patchChat(w, session, patch);
      return;
    case "chat.archive":
      w.ensureChat.run(session, event.chatId);
      // Only a flip is news: the echo of an archive already stored announces nothing.
      if (
        w.setArchived.run(flag(event.archived), session, event.chatId, flag(event.archived))
          .changes === 1
      ) {
        drafts.push(draft("chat.archive", event.chatId, chatArchivePayload(event)));
      }
      return;
    case "chat.unread":
      w.ensureChat.run(session, event.chatId);
      w.setUnread.run(event.unreadCount, session, event.chatId);
      return;
    case "chat.delete":
      w.deleteChat.run(session, event.chatId);
      clearChat(w, session, event.chatId, buckets);
      return;
    case "chat.clear":
      clearChat(w, session, event.chatId, buckets);
      return;
    case "message.upsert":
      for (const message of event.messages)
        upsertLiveMessage(w, buckets, session, message, event.notify, drafts);
      return;
    case "message.ack": {
      const rose = raiseAck(w, buckets, session, event.key, event.ack);
      if (!event.key.fromMe && event.ack >= Ack.READ) readIncoming(w, session, event.key);
      // WAHA's message.ack is about our own messages: their receipts from the other side.
      if (rose && event.key.fromMe) {
        const row = w.messageByKey.get(session, event.key.chatId, event.key.id) as MessageRow;
        const message = JSON.parse(row.data) as WAMessage;
        drafts.push(draft("message.ack", event.key.chatId, messageAckPayload(message, event.ack)));
      }
      return;
    }
    case "message.reaction":
      if (react(w, session, event.target, event.reaction) && !event.history) {
        const payload = messageReactionPayload(event.target, event.reaction);
        drafts.push(draft("message.reaction", event.target.chatId, payload));
      }
      return;
    case "message.edit": {
      const { key } = event;
      if (w.editBody.run(event.body, session, key.chatId, key.id, event.body).changes === 0) return;
      if (event.history) return;
      const row = w.messageByKey.get(session, key.chatId, key.id) as MessageRow;
      const payload = messageEditedPayload(JSON.parse(row.data), key, event.body);
      drafts.push(draft("message.edited", key.chatId, payload));
      return;
    }
    case "message.revoke": {
      // WAHA deletes a message that is no longer "real" once revoked; so do we.
      const before = deleteMessage(w, buckets, session, event.key);
      if (before === null || event.history) return;
      const payload = messageRevokedPayload(event.key, JSON.parse(before) as WAMessage);
      drafts.push(draft("message.revoked", event.key.chatId, payload));
      return;
    }
    case "message.delete":
      for (const key of event.keys) deleteMessage(w, buckets, session, key);
      return;
    case "contact.upsert":
      for (const contact of event.contacts) w.upsertContact.run(contactParams(session, contact));
      return;
    case "lid.mapping":
      for (const pair of event.mappings) w.upsertLid.run(session, pair.lid, pair.pn);
      return;
    case "session.status":
      w.sessionStatus.run({
        name: session,
        status: event.status,
        me: toJson(event.me),
        now: Date.now(),
      });
      // The outbox writer compares it with the stream's last status: only a change is an event.
      drafts.push({ event: "session.status", status: event.status });
      return;
  }
}

// --- internal ---

const flag = (value: boolean) => (value ? 1 : 0);

function draft(
  event: Exclude<EventDraft["event"], "session.status">,
  chatId: string,
  payload: unknown,
) {
  return { event, chatId, payload: JSON.stringify(payload) } as EventDraft;
}

/** Absent fields are kept; a raw object patch is merged shallowly into the stored raw chat. */
function patchChat(w: WriteStatements, session: string, patch: ChatPatch): void {
  w.ensureChat.run(session, patch.id);
  const row = w.chatById.get(session, patch.id) as ChatRow;
  const stored = chatFromRow(row);
  const merged: Chat = { ...stored };
  if (patch.name !== undefined) merged.name = patch.name;
  if (patch.conversationTimestamp !== undefined)
    merged.conversationTimestamp = patch.conversationTimestamp;
  if (patch.unreadCount !== undefined) merged.unreadCount = patch.unreadCount;
  if (patch.archived !== undefined) merged.archived = patch.archived;
  if (patch.pinned !== undefined) merged.pinned = patch.pinned;
  if (patch.raw !== undefined) merged.raw = mergeRaw(stored.raw, patch.raw);
  w.replaceChat.run(chatParams(session, merged));
}

function mergeRaw(stored: unknown, patch: unknown): unknown {
  const isObject = (value: unknown) =>
    typeof value === "object" && value !== null && !Array.isArray(value);
  return isObject(stored) && isObject(patch)
    ? { ...(stored as object), ...(patch as object) }
    : patch;
}

/**
 * A live message: stored (ack never down), its chat created when missing and, for a displayable
 * message, its activity raised (a reaction or protocol message does not move a chat up); a new
 * incoming displayable `notify` message counts as unread once, so replays count nothing.
 *
 * A new displayable message is news as `message.any` when it is live (`notify`) or our own (sent
 * through the API or from the phone), and as `message` too when live and incoming; a replay, or an
 * older message a history request brought, is none. Both carry the stored WAMessage JSON.
 */
function upsertLiveMessage(
  w: WriteStatements,
  buckets: BucketDeltas,
  session: string,
  message: StoredMessage,
  notify: boolean,
  drafts: EventDraft[],
): void {
  const params = messageParams(session, message);
  const inserted = storeMessage(w, buckets, params);
  const chatId = message.key.chatId;
  w.ensureChat.run(session, chatId);
  if (!isDisplayableKind(message.kind)) return;
  w.raiseActivity.run({ session, key: chatId, timestamp: message.timestamp });
  if (!inserted) return;
  const { fromMe } = message.key;
  if (notify && !fromMe) w.bumpUnread.run(session, chatId);
  const payload = params[9] as string;
  if (notify && !fromMe) drafts.push({ event: "message", chatId, payload });
  if (notify || fromMe) drafts.push({ event: "message.any", chatId, payload });
}

/**
 * One reaction per sender: replaced in place (so replays keep the order), removed on empty text.
 * Returns whether the stored reactions changed.
 */
function react(
  w: WriteStatements,
  session: string,
  target: MessageKey,
  reaction: WAReaction,
): boolean {
  const row = w.messageByKey.get(session, target.chatId, target.id) as MessageRow | undefined;
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
  w.setReactions.run(JSON.stringify(reactions), session, target.chatId, target.id);
  return true;
}

/**
 * Inserts a message, or replaces the stored one (its ack never goes down); counts the row in its
 * bucket, and on a replacement moves it from the old bucket. Returns whether it was new.
 * `params` are {@link messageParams}: [session, chat_id, id, from_me, participant, timestamp,
 * ack, kind, displayable, data, reactions].
 */
function storeMessage(w: WriteStatements, buckets: BucketDeltas, params: unknown[]): boolean {
  const chatId = params[1] as string;
  const timestamp = params[5] as number;
  const fromMe = params[3] as number;
  const displayable = params[8] as number;
  if (w.insertMessage.run(params).changes === 1) {
    buckets.addColumns(chatId, timestamp, fromMe, params[6] as number, displayable, 1);
    return true;
  }
  // A replay or a replacement (rare): the old row's bucket columns decide what moves.
  const before = w.bucketColumnsByKey.get(params[0], chatId, params[2]) as BucketedRow;
  w.upsertMessage.run(params);
  const ack = Math.max(before.ack, params[6] as number);
  buckets.add(before, -1);
  buckets.addColumns(chatId, timestamp, fromMe, ack, displayable, 1);
  return false;
}

/**
 * Raises a message's ack (never lowers it), moving it between the ack counts of its bucket.
 * Returns whether it rose.
 */
function raiseAck(
  w: WriteStatements,
  buckets: BucketDeltas,
  session: string,
  key: MessageKey,
  ack: number,
): boolean {
  const before = w.bucketColumnsByKey.get(session, key.chatId, key.id) as BucketedRow | undefined;
  if (!before || before.ack >= ack) return false;
  w.raiseAck.run({ session, chat_id: key.chatId, id: key.id, ack, ack_name: ackName(ack) });
  buckets.add(before, -1);
  buckets.add({ ...before, ack }, 1);
  return true;
}

/**
 * An incoming message was read (by this API or the phone): its chat's unread count becomes the
 * number of unread incoming messages after it, never more than before (history may have counted
 * messages this store never saw), and a chat marked unread (-1) counts as read. Only a stored
 * message counts, so a receipt for a message never seen changes nothing.
 */
function readIncoming(w: WriteStatements, session: string, key: MessageKey): void {
  const row = w.bucketColumnsByKey.get(session, key.chatId, key.id) as BucketedRow | undefined;
  if (!row) return;
  w.readUpTo.run({
    session,
    chat_id: key.chatId,
    timestamp: row.timestamp,
    id: key.id,
    read: Ack.READ,
  });
}

/** Deletes every message of a chat and its buckets. */
function clearChat(w: WriteStatements, session: string, chatId: string, buckets: BucketDeltas) {
  // Pending deltas of this unit may hold counts of this chat: written first, then dropped with it.
  buckets.flush();
  w.deleteChatMessages.run(session, chatId);
  w.deleteChatBuckets.run(session, chatId);
  w.deleteChatMonths.run(session, chatId);
}

/** Deletes a message; returns its stored WAMessage JSON, or null when there was none. */
function deleteMessage(
  w: WriteStatements,
  buckets: BucketDeltas,
  session: string,
  key: MessageKey,
): string | null {
  const deleted = w.deleteMessage.get(session, key.chatId, key.id) as
    | (BucketedRow & { data: string })
    | undefined;
  if (!deleted) return null;
  buckets.add(deleted, -1);
  return deleted.data;
}
