/**
 * @module Baileys chats (`Conversation` from history sync, `chats.upsert`, `chats.update`) → our `Chat`
 * and `ChatPatch`, plus the side events WAHA clients expect (`chat.archive`, `chat.unread`).
 */

import {
  type Chat,
  type ChatArchiveEvent,
  type ChatPatch,
  type ChatUnreadEvent,
  fromJid,
} from "@wa/core";
import type { Chat as BaileysChat, ChatUpdate } from "@whiskeysockets/baileys";
import { toNumber, toRawJson } from "./raw.ts";

/**
 * A full chat. `raw` keeps Baileys' object (Baileys JIDs, as WAHA's NOWEB `GET /chats` items) minus
 * its `messages`, which are mapped separately. A zero or missing timestamp means "never active".
 */
export function toChat(raw: BaileysChat): Chat | null {
  if (!raw.id) return null;
  return {
    id: fromJid(raw.id),
    name: raw.name ?? null,
    conversationTimestamp: toNumber(raw.conversationTimestamp) || null,
    unreadCount: toNumber(raw.unreadCount) ?? 0,
    archived: raw.archived === true,
    pinned: (toNumber(raw.pinned) ?? 0) > 0,
    raw: stripMessages(raw),
  };
}

/**
 * A partial chat change: only the fields Baileys sent; `pinned: null` means unpinned.
 *
 * Baileys mixes two kinds of `chats.update`. App-state changes carry absolute values (`unreadCount`
 * 0 = read, -1 = marked unread). Updates derived from a new message carry `messages`, the message
 * time as `conversationTimestamp`, and `unreadCount` as a *delta* (+1, summed by its event buffer).
 * The store already counts unread messages and raises activity on upserts (never lowering it), so
 * positive counts and message-derived timestamps are left out: as absolute values they would be wrong.
 */
export function toChatPatch(update: ChatUpdate): ChatPatch | null {
  if (!update.id) return null;
  const patch: ChatPatch = { id: fromJid(update.id) };
  if ("name" in update && update.name !== undefined) patch.name = update.name ?? null;
  if (
    "conversationTimestamp" in update &&
    update.conversationTimestamp !== undefined &&
    !isMessageDerived(update)
  ) {
    patch.conversationTimestamp = toNumber(update.conversationTimestamp) || null;
  }
  if (isAbsoluteUnread(update.unreadCount)) patch.unreadCount = update.unreadCount;
  // An archive action is stored by its `chat.archive` side event (which says whether it is news);
  // only the unarchive a new message brings goes in the patch.
  if ("archived" in update && update.archived !== undefined && isMessageDerived(update))
    patch.archived = update.archived === true;
  if ("pinned" in update && update.pinned !== undefined) {
    patch.pinned = (toNumber(update.pinned) ?? 0) > 0;
  }
  return patch;
}

/**
 * The `chat.archive` / `chat.unread` events a chat update implies. `timestamp` is the archive time
 * when Baileys gives one (`conversationTimestamp`), else the caller's clock. An archive change
 * `isOwnArchiveEcho` recognises (Baileys' echo of our own command) gives none.
 */
export function chatSideEvents(
  update: ChatUpdate,
  nowSeconds: number,
  isOwnArchiveEcho: (chatId: string, archived: boolean) => boolean = () => false,
): Array<ChatArchiveEvent | ChatUnreadEvent> {
  if (!update.id) return [];
  const chatId = fromJid(update.id);
  const events: Array<ChatArchiveEvent | ChatUnreadEvent> = [];
  // A new message may unarchive its chat (account setting); that is no archive action of the user.
  // The echo of our own archive command was stored (and announced) by the command already.
  if (
    typeof update.archived === "boolean" &&
    !isMessageDerived(update) &&
    !isOwnArchiveEcho(chatId, update.archived)
  ) {
    events.push({ type: "chat.archive", chatId, archived: update.archived, timestamp: nowSeconds });
  }
  if (isAbsoluteUnread(update.unreadCount)) {
    events.push({ type: "chat.unread", chatId, unreadCount: update.unreadCount });
  }
  return events;
}

// --- internal ---

/** True for the updates Baileys derives from a new message (they list the message). */
function isMessageDerived(update: ChatUpdate): boolean {
  return Array.isArray((update as { messages?: unknown }).messages);
}

/** 0 (read) or negative (marked unread) counts are absolute; positive ones are Baileys deltas. */
function isAbsoluteUnread(count: unknown): count is number {
  return typeof count === "number" && count <= 0;
}

function stripMessages(raw: BaileysChat): unknown {
  const { messages: _messages, ...rest } = raw as BaileysChat & { messages?: unknown };
  return toRawJson(rest);
}
