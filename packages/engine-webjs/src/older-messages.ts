/**
 * @module Messages older than a given one, from WhatsApp Web: the page holds a chat's newest
 * messages, and whatsapp-web.js' `fetchMessages({limit})` pages earlier ones in (`loadEarlierMsgs`)
 * until it holds `limit`. We ask for what the page holds plus `count` until the messages before
 * `before` are enough, or the chat has no earlier ones.
 */
import type { MessageKey } from "@wa/core";
import type { Chat } from "whatsapp-web.js";
import { dataOf, type WebjsMessageData } from "./map/message.ts";

/** Rounds of `fetchMessages` at most: a page that holds `before` answers in one or two. */
const MAX_ROUNDS = 20;

/**
 * Up to `count` messages of `chat` older than `before` (null: the newest), oldest first. When the
 * page does not hold `before` (it was reloaded, or the message is gone), messages before its
 * stored `beforeTimestamp` count as older.
 */
export async function loadOlder(
  chat: Chat,
  before: MessageKey | null,
  count: number,
  beforeTimestamp?: number,
): Promise<WebjsMessageData[]> {
  let held = await fetchHeld(chat, 0);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (olderThan(held, before, beforeTimestamp).length >= count) break;
    const more = await fetchHeld(chat, held.length + count);
    if (more.length <= held.length) break;
    held = more;
  }
  return olderThan(held, before, beforeTimestamp).slice(-count);
}

// --- internal ---

/** What the page holds, sorted oldest first; with `limit`, paged in up to that many. */
async function fetchHeld(chat: Chat, limit: number): Promise<WebjsMessageData[]> {
  const messages = await chat.fetchMessages(limit > 0 ? { limit } : {});
  return messages.map(dataOf).sort((a, b) => (a.t ?? 0) - (b.t ?? 0));
}

function olderThan(
  held: WebjsMessageData[],
  before: MessageKey | null,
  beforeTimestamp: number | undefined,
): WebjsMessageData[] {
  if (!before) return held;
  const index = held.findIndex((m) => m.id.id === before.id);
  if (index >= 0) return held.slice(0, index);
  if (beforeTimestamp === undefined) return [];
  return held.filter((m) => (m.t ?? 0) < beforeTimestamp);
}
