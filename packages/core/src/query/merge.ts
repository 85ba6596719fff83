/**
 * @module Merging the `@lid` and `@c.us` chats of one contact (WAHA 2026.3+ `merge=true`): a LID
 * chat is shown under its phone-number id when the PN ⇄ LID map knows it.
 */
import type { Chat } from "../domain/chat.ts";
import { type ChatId, isLidChat } from "../domain/jid.ts";

/** Resolves a `@lid` id to its `@c.us` id, or undefined when unknown. */
export type LidResolver = (lid: ChatId) => ChatId | undefined;

/** The id a chat is listed under when merging: its phone-number id, or itself. */
export function primaryChatId(chatId: ChatId, resolveLid: LidResolver): ChatId {
  return isLidChat(chatId) ? (resolveLid(chatId) ?? chatId) : chatId;
}

/**
 * Folds chats that share a primary id into one: the primary id, the newest activity, the summed
 * unread count, the phone-number chat's name and flags when it has them.
 */
export function mergeChats(chats: readonly Chat[], resolveLid: LidResolver): Chat[] {
  const byPrimary = new Map<ChatId, Chat>();
  for (const chat of chats) {
    const primary = primaryChatId(chat.id, resolveLid);
    const seen = byPrimary.get(primary);
    byPrimary.set(primary, seen ? mergeTwo(seen, chat, primary) : { ...chat, id: primary });
  }
  return [...byPrimary.values()];
}

// --- internal ---

function mergeTwo(seen: Chat, next: Chat, primary: ChatId): Chat {
  const nextIsPrimary = next.id === primary;
  const preferred = nextIsPrimary || newer(next, seen) ? next : seen;
  const other = preferred === next ? seen : next;
  return {
    ...preferred,
    id: primary,
    name: preferred.name ?? other.name,
    conversationTimestamp: maxNullable(seen.conversationTimestamp, next.conversationTimestamp),
    unreadCount: Math.max(0, seen.unreadCount) + Math.max(0, next.unreadCount),
  };
}

function newer(a: Chat, b: Chat): boolean {
  return (a.conversationTimestamp ?? -1) > (b.conversationTimestamp ?? -1);
}

function maxNullable(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}
