/**
 * @module How the world's model changes, whatever the transport: messages from contacts and the
 * phone, edits and revokes, what the client did (sends, reads, chat changes), and seeded history.
 * Transports call these and never mutate chats themselves, so every client sees the same world.
 */

import type { HistorySeed, SeedMedia, SentRecord } from "@wa/core";
import { Ack, type ChatId } from "@wa/core";
import { newMessageId, nowSeconds } from "./ids.ts";
import { userOf } from "./jid.ts";
import type { WorldAccount, WorldMessage } from "./types.ts";
import { chatOf, contactOf, groupOf } from "./world.ts";

/** A chat change the client (or the phone) made. */
export type ChatAction =
  | "archive"
  | "unarchive"
  | "mark-unread"
  | "pin"
  | "unpin"
  | "delete"
  | "clear";

/** What a contact's new message carries. */
export interface IncomingFields {
  id?: string;
  text?: string;
  timestamp?: number;
  /** Group sender; required for group chats. */
  participant?: ChatId;
  /** An attached file (`text` is then its caption). */
  media?: SeedMedia;
}

/** A contact's message arrives in a chat (the chat comes back if it was deleted). */
export function recordIncoming(
  account: WorldAccount,
  chatId: ChatId,
  fields: IncomingFields,
): WorldMessage {
  const isGroup = chatId.endsWith("@g.us");
  const sender = isGroup ? fields.participant : chatId;
  if (!sender) throw new Error("messages: a group message needs a participant");
  contactOf(account, sender);
  if (isGroup) groupOf(account, chatId, sender);
  const chat = chatOf(account, chatId);
  chat.state.deleted = false;
  const message: WorldMessage = {
    id: fields.id ?? newMessageId(),
    fromMe: false,
    text: fields.text,
    timestamp: fields.timestamp ?? nowSeconds(),
    participant: fields.participant,
    ...(fields.media ? { media: fields.media } : {}),
  };
  chat.messages.push(message);
  chat.unreadCount++;
  return message;
}

/** The phone itself sends a text (or, with `media`, a file captioned `text`) to a chat. */
export function recordPhoneSent(
  account: WorldAccount,
  chatId: ChatId,
  text: string,
  media?: SeedMedia,
): WorldMessage {
  const chat = chatOf(account, chatId);
  chat.state.deleted = false;
  const message: WorldMessage = { id: newMessageId(), fromMe: true, text, timestamp: nowSeconds() };
  if (media) message.media = media;
  chat.messages.push(message);
  return message;
}

/** A message's text changes (an edit by its sender). */
export function recordEdit(account: WorldAccount, chatId: ChatId, targetId: string, text?: string) {
  const target = chatOf(account, chatId).messages.find((m) => m.id === targetId);
  if (target) target.editedText = text;
}

/** A message is deleted for everyone by its sender. */
export function recordRevoke(account: WorldAccount, chatId: ChatId, targetId: string): void {
  const target = chatOf(account, chatId).messages.find((m) => m.id === targetId);
  if (target) target.revoked = true;
}

/** Records what the client sent (`sent()` lists it) and applies it to the chat. */
export function recordClientAction(account: WorldAccount, record: SentRecord, t = nowSeconds()) {
  account.sent.push(record);
  const chat = chatOf(account, record.chatId);
  const target = chat.messages.find((m) => m.id === record.targetId);
  switch (record.kind) {
    case "text":
      chat.state.deleted = false;
      chat.messages.push({ id: record.id, fromMe: true, text: record.text, timestamp: t });
      break;
    case "edit":
      if (target) target.editedText = record.text;
      break;
    case "revoke":
      if (target) target.revoked = true;
      break;
    case "pin":
    case "unpin":
      if (target) target.pinned = record.kind === "pin";
      break;
    case "read":
      chat.unreadCount = 0;
      break;
  }
}

/** Applies a chat change (from the client's app-state patch, or from the phone). */
export function applyChatAction(account: WorldAccount, chatId: ChatId, action: ChatAction): void {
  const chat = chatOf(account, chatId);
  switch (action) {
    case "archive":
    case "unarchive":
      chat.state.archived = action === "archive";
      break;
    case "mark-unread":
      chat.state.markedUnread = true;
      break;
    case "pin":
    case "unpin":
      chat.state.pinned = action === "pin";
      break;
    case "delete":
      chat.state.deleted = true;
      chat.messages = [];
      break;
    case "clear":
      chat.state.cleared = true;
      chat.messages = [];
      break;
  }
}

/** The client read a chat (`markChatAsRead` true): no unread marker, no unread messages. */
export function markChatRead(account: WorldAccount, chatId: ChatId): void {
  const chat = chatOf(account, chatId);
  chat.state.markedUnread = false;
  chat.unreadCount = 0;
}

/** Records a seed in the world (chats, messages, contacts, LID pairs) and gives seed messages ids. */
export function applySeed(account: WorldAccount, seed: HistorySeed): void {
  for (const chat of seed.chats) {
    for (const m of chat.messages) m.id ??= newMessageId();
    const world = chatOf(account, chat.id);
    if (chat.name) world.name = chat.name;
    world.state.archived = chat.archived ?? false;
    world.unreadCount = chat.unreadCount ?? world.unreadCount;
    world.messages.push(...chat.messages.map((m) => ({ ...m, id: m.id as string })));
    if (chat.id.endsWith("@c.us")) contactOf(account, chat.id).name ??= chat.name;
    if (chat.id.endsWith("@g.us")) {
      const group = groupOf(account, chat.id);
      if (chat.name) group.subject = chat.name;
      for (const m of chat.messages) if (m.participant) groupOf(account, chat.id, m.participant);
    }
  }
  for (const c of seed.contacts ?? []) {
    const contact = contactOf(account, c.id);
    contact.name = c.name ?? contact.name;
    contact.pushName = c.pushName ?? contact.pushName;
  }
  for (const pair of seed.lidMappings ?? []) {
    contactOf(account, pair.pn).lid = userOf(pair.lid);
  }
}

/**
 * The ack every client shows for a synced message: ours were read by the other side, theirs reached
 * this device. One rule for every transport, so engines over different transports agree.
 */
export function syncedAck(message: Pick<WorldMessage, "fromMe">): number {
  return message.fromMe ? Ack.READ : Ack.DEVICE;
}

/** The newest timestamp of a chat's messages (0 without any): when a phone reports it active. */
export function newestTimestamp(messages: ReadonlyArray<{ timestamp: number }>): number {
  return messages.reduce((max, m) => Math.max(max, m.timestamp), 0);
}
