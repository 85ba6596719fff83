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
 * unread count, the phone-number chat's name and flags when it has them. The result does not
 * depend on the order of `chats`.
 */
export function mergeChats(chats: readonly Chat[], resolveLid: LidResolver): Chat[] {
  const byPrimary = new Map<ChatId, Chat[]>();
  for (const chat of chats) {
    const primary = primaryChatId(chat.id, resolveLid);
    const group = byPrimary.get(primary);
    if (group) group.push(chat);
    else byPrimary.set(primary, [chat]);
  }
  // Fold each group with the original ids still in place, so the PN row can be recognised.
  return [...byPrimary].map(([primary, [first, ...rest]]) => ({
    ...rest.reduce((seen, next) => mergeTwo(seen, next, primary), first as Chat),
    id: primary,
  }));
}

// --- internal ---

function mergeTwo(seen: Chat, next: Chat, primary: ChatId): Chat {
  const preferred = isPreferred(next, seen, primary) ? next : seen;
  const other = preferred === next ? seen : next;
  return {
    ...preferred,
    name: preferred.name ?? other.name,
    conversationTimestamp: maxNullable(seen.conversationTimestamp, next.conversationTimestamp),
    unreadCount: mergeUnread(seen.unreadCount, next.unreadCount),
  };
}

/** The phone-number chat wins; between two others, the newer (then the smaller id, for stability). */
function isPreferred(a: Chat, b: Chat, primary: ChatId): boolean {
  if ((a.id === primary) !== (b.id === primary)) return a.id === primary;
  const activityA = a.conversationTimestamp ?? -1;
  const activityB = b.conversationTimestamp ?? -1;
  if (activityA !== activityB) return activityA > activityB;
  return a.id < b.id;
}

/** Counts add up; `-1` (marked unread without a count) survives when there is no count. */
function mergeUnread(a: number, b: number): number {
  const sum = Math.max(0, a) + Math.max(0, b);
  return sum === 0 && (a < 0 || b < 0) ? -1 : sum;
}

function maxNullable(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}
