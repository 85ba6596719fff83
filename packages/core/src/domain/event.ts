/** @module Domain events: what engines emit, whatever the library; the store applies them in order. */
import type { AckLevel } from "./ack.ts";
import type { Chat, ChatPatch } from "./chat.ts";
import type { Contact, LidMapping } from "./contact.ts";
import type { ChatId } from "./jid.ts";
import type { StoredMessage, WAReaction } from "./message.ts";
import type { MessageKey } from "./message-id.ts";
import type { SessionMe, SessionStatus } from "./session.ts";

/** A batch of history (initial sync, or on-demand): chats, messages, contacts and LID pairs. */
export interface HistoryBatchEvent {
  type: "history.batch";
  chats: Chat[];
  messages: StoredMessage[];
  contacts: Contact[];
  lidMappings: LidMapping[];
  /** 0–100 when the engine knows it. */
  progress?: number;
  /** True on the last chunk. */
  isLatest?: boolean;
}

/** New chats, or full replacements of known ones. */
export interface ChatUpsertEvent {
  type: "chat.upsert";
  chats: Chat[];
}

/** Partial chat changes; absent fields are kept. */
export interface ChatUpdateEvent {
  type: "chat.update";
  patches: ChatPatch[];
}

/** A chat was archived or unarchived (WAHA's `chat.archive` webhook payload). */
export interface ChatArchiveEvent {
  type: "chat.archive";
  chatId: ChatId;
  archived: boolean;
  /** Unix seconds. */
  timestamp: number;
}

/** A chat's unread counter changed (`-1` marks it unread without a count). */
export interface ChatUnreadEvent {
  type: "chat.unread";
  chatId: ChatId;
  unreadCount: number;
}

/** A chat and its messages were deleted. */
export interface ChatDeleteEvent {
  type: "chat.delete";
  chatId: ChatId;
}

/** Every message of a chat was cleared; the chat stays. */
export interface ChatClearEvent {
  type: "chat.clear";
  chatId: ChatId;
}

/** New or replaced messages; `notify` is true for live ones (not history). */
export interface MessageUpsertEvent {
  type: "message.upsert";
  messages: StoredMessage[];
  notify: boolean;
}

/** A message's ack rose (it never goes down). */
export interface MessageAckEvent {
  type: "message.ack";
  key: MessageKey;
  ack: AckLevel;
  /** The reader inside a group, when the receipt names one. */
  participant?: ChatId;
}

/** A reaction was set or removed (`reaction.text === ""`) on a message. */
export interface MessageReactionEvent {
  type: "message.reaction";
  /** The message reacted to. */
  target: MessageKey;
  reaction: WAReaction;
  /** True when it came with history sync: stored, but announced to no client (WAHA emits none). */
  history?: boolean;
}

/** A message's text was edited. */
export interface MessageEditEvent {
  type: "message.edit";
  key: MessageKey;
  body: string;
  /** Unix seconds. */
  timestamp: number;
  /** True when it came with history sync: stored, but announced to no client (WAHA emits none). */
  history?: boolean;
}

/** A message was deleted for everyone (it leaves the message list). */
export interface MessageRevokeEvent {
  type: "message.revoke";
  key: MessageKey;
  /** Unix seconds. */
  timestamp: number;
  /** True when it came with history sync: stored, but announced to no client (WAHA emits none). */
  history?: boolean;
}

/** Messages were deleted from this device. */
export interface MessageDeleteEvent {
  type: "message.delete";
  keys: MessageKey[];
}

/** New or changed contacts. */
export interface ContactUpsertEvent {
  type: "contact.upsert";
  contacts: Contact[];
}

/** New phone-number ⇄ LID pairs. */
export interface LidMappingEvent {
  type: "lid.mapping";
  mappings: LidMapping[];
}

/** The session's connection status changed; carries the QR while pairing. */
export interface SessionStatusEvent {
  type: "session.status";
  status: SessionStatus;
  /** The raw QR string while `SCAN_QR_CODE`. */
  qr?: string;
  /** The logged-in account once known. */
  me?: SessionMe;
  /** Why the session failed, when it did. */
  reason?: string;
}

/** Everything an engine emits. */
export type DomainEvent =
  | HistoryBatchEvent
  | ChatUpsertEvent
  | ChatUpdateEvent
  | ChatArchiveEvent
  | ChatUnreadEvent
  | ChatDeleteEvent
  | ChatClearEvent
  | MessageUpsertEvent
  | MessageAckEvent
  | MessageReactionEvent
  | MessageEditEvent
  | MessageRevokeEvent
  | MessageDeleteEvent
  | ContactUpsertEvent
  | LidMappingEvent
  | SessionStatusEvent;

/** The `type` of a domain event. */
export type DomainEventType = DomainEvent["type"];
