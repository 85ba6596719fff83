/** @module Row shapes of the SQLite tables and their mapping to and from the @wa/core domain types. */
import {
  type Chat,
  type Contact,
  isDisplayableKind,
  type MessageKind,
  type SessionRecord,
  type StoredMessage,
  type WAReaction,
} from "@wa/core";

/** A `chats` row. */
export interface ChatRow {
  id: string;
  name: string | null;
  conversation_timestamp: number | null;
  unread_count: number;
  archived: number;
  pinned: number;
  data: string | null;
}

/** A `messages` row. */
export interface MessageRow {
  chat_id: string;
  id: string;
  from_me: number;
  participant: string | null;
  timestamp: number;
  ack: number;
  kind: string;
  data: string;
  reactions: string | null;
}

/** A `contacts` row. */
export interface ContactRow {
  id: string;
  name: string | null;
  push_name: string | null;
  data: string | null;
}

/** A `sessions` row. */
export interface SessionRow {
  name: string;
  engine: string;
  status: string;
  running: number;
  me: string | null;
  config: string;
  created_at: number;
  updated_at: number;
}

/** The columns selected for chats, messages and contacts, in the row shapes above. */
export const CHAT_COLUMNS =
  "id, name, conversation_timestamp, unread_count, archived, pinned, data";
export const MESSAGE_COLUMNS =
  "chat_id, id, from_me, participant, timestamp, ack, kind, data, reactions";
export const CONTACT_COLUMNS = "id, name, push_name, data";

/** JSON text of a value, or null for undefined/null (so absent raw objects stay SQL NULL). */
export const toJson = (value: unknown): string | null =>
  value === undefined || value === null ? null : JSON.stringify(value);

const fromJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

export function chatFromRow(row: ChatRow): Chat {
  return {
    id: row.id,
    name: row.name,
    conversationTimestamp: row.conversation_timestamp,
    unreadCount: row.unread_count,
    archived: row.archived === 1,
    pinned: row.pinned === 1,
    raw: fromJson(row.data),
  };
}

/** Named parameters of a chat row (session added by the caller). */
export function chatParams(session: string, chat: Chat): Record<string, unknown> {
  return {
    session,
    id: chat.id,
    name: chat.name ?? null,
    conversation_timestamp: chat.conversationTimestamp ?? null,
    unread_count: chat.unreadCount ?? 0,
    archived: chat.archived ? 1 : 0,
    pinned: chat.pinned ? 1 : 0,
    data: toJson(chat.raw),
  };
}

export function messageFromRow(row: MessageRow): StoredMessage {
  const key: StoredMessage["key"] = { fromMe: row.from_me === 1, chatId: row.chat_id, id: row.id };
  if (row.participant !== null) key.participant = row.participant;
  const stored: StoredMessage = {
    key,
    timestamp: row.timestamp,
    ack: row.ack,
    kind: row.kind as MessageKind,
    message: JSON.parse(row.data),
  };
  if (row.reactions !== null) stored.reactions = JSON.parse(row.reactions) as WAReaction[];
  return stored;
}

/**
 * Positional parameters of a message row, in `messages` column order (session, chat_id, id,
 * from_me, participant, timestamp, ack, kind, displayable, data, reactions): positional binding
 * is measurably cheaper than named binding on the history-sync hot path.
 */
export function messageParams(session: string, message: StoredMessage): unknown[] {
  return [
    session,
    message.key.chatId,
    message.key.id,
    message.key.fromMe ? 1 : 0,
    message.key.participant ?? null,
    message.timestamp,
    message.ack,
    message.kind,
    isDisplayableKind(message.kind) ? 1 : 0,
    JSON.stringify(message.message),
    message.reactions ? JSON.stringify(message.reactions) : null,
  ];
}

export function contactFromRow(row: ContactRow): Contact {
  return { id: row.id, name: row.name, pushName: row.push_name, raw: fromJson(row.data) };
}

/** Named parameters of a contact upsert; `has_*` flags keep stored fields the contact omits. */
export function contactParams(session: string, contact: Contact): Record<string, unknown> {
  return {
    session,
    id: contact.id,
    name: contact.name ?? null,
    has_name: contact.name === undefined ? 0 : 1,
    push_name: contact.pushName ?? null,
    has_push_name: contact.pushName === undefined ? 0 : 1,
    data: toJson(contact.raw),
  };
}

export function sessionFromRow(row: SessionRow): SessionRecord {
  return {
    name: row.name,
    engine: row.engine,
    config: JSON.parse(row.config) as Record<string, unknown>,
    status: row.status as SessionRecord["status"],
    running: row.running === 1,
    me: fromJson(row.me) as SessionRecord["me"],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function sessionParams(record: SessionRecord): Record<string, unknown> {
  return {
    name: record.name,
    engine: record.engine,
    status: record.status,
    running: record.running ? 1 : 0,
    me: toJson(record.me),
    config: JSON.stringify(record.config),
    created_at: record.createdAt,
    updated_at: record.updatedAt,
  };
}
