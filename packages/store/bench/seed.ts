/** @module Synthetic history for the store benchmark: chats, contacts, LID pairs and message batches. */
import type { Chat, Contact, HistoryBatchEvent, LidMapping, StoredMessage } from "@wa/core";

/** The seeded population. */
export const SEED = {
  chats: 10_000,
  /** Of the chats, this many are `@lid` chats mapped to a phone-number chat (merge exercised). */
  lidChats: 500,
  bigChats: 10,
  bigChatMessages: 100_000,
  smallChatMessages: 10,
  contacts: 5_000,
  /** Messages per history batch (one apply() call). */
  batchMessages: 5_000,
  /** Messages generated per slice; the bench yields between slices so that generating the
   * synthetic data does not itself block the event loop being measured. */
  sliceMessages: 500,
  baseTimestamp: 1_700_000_000,
} as const;

/** The phone-number id of chat number `n`. */
export const pnId = (n: number): string => `${491_000_000_000 + n}@c.us`;
const lidId = (n: number): string => `${180_000_000_000_000 + n}@lid`;

/** The big chats (the deep-pagination targets). */
export const bigChatIds = (): string[] => Array.from({ length: SEED.bigChats }, (_, n) => pnId(n));

/** Total messages the seed writes. */
export const seededMessages = (): number =>
  SEED.bigChats * SEED.bigChatMessages + (SEED.chats - SEED.bigChats) * SEED.smallChatMessages;

/**
 * Every message history batch, generated up front: the bench times `apply()` alone, not the
 * making of the synthetic data.
 */
export function messageBatches(): HistoryBatchEvent[] {
  const batches: HistoryBatchEvent[] = [];
  let messages: StoredMessage[] = [];
  for (const slice of messageSlices()) {
    messages.push(...slice);
    if (messages.length >= SEED.batchMessages) {
      batches.push({ type: "history.batch", chats: [], messages, contacts: [], lidMappings: [] });
      messages = [];
    }
  }
  if (messages.length > 0)
    batches.push({ type: "history.batch", chats: [], messages, contacts: [], lidMappings: [] });
  return batches;
}

/** The first batch: every chat, contact and LID pair, no messages. */
export function metadataBatch(): HistoryBatchEvent {
  const chats: Chat[] = [];
  const lidMappings: LidMapping[] = [];
  const pnChats = SEED.chats - SEED.lidChats;
  for (let n = 0; n < SEED.chats; n++) {
    // The last `lidChats` chats are LID chats of phone-number chats 10.. (their PN twins exist).
    const isLid = n >= pnChats;
    const id = isLid ? lidId(n) : pnId(n);
    if (isLid) lidMappings.push({ lid: id, pn: pnId(n - pnChats + SEED.bigChats) });
    chats.push({
      id,
      name: n % 3 === 0 ? null : `Chat ${n}`,
      conversationTimestamp: SEED.baseTimestamp + lastMessageOffset(n),
      unreadCount: n % 7,
      archived: n % 50 === 0,
      pinned: n < 3,
      raw: {
        id,
        conversationTimestamp: SEED.baseTimestamp + lastMessageOffset(n),
        unreadCount: n % 7,
      },
    });
  }
  const contacts: Contact[] = Array.from({ length: SEED.contacts }, (_, n) => ({
    id: pnId(n),
    name: n % 2 === 0 ? `Contact ${n}` : null,
    pushName: `Push ${n}`,
    raw: { id: pnId(n), notify: `Push ${n}` },
  }));
  return { type: "history.batch", chats, messages: [], contacts, lidMappings };
}

/** The messages in slices, generated lazily (big chats first, then the small ones). */
export function* messageSlices(): Generator<StoredMessage[]> {
  let batch: StoredMessage[] = [];
  for (let n = 0; n < SEED.chats; n++) {
    const count = n < SEED.bigChats ? SEED.bigChatMessages : SEED.smallChatMessages;
    const pnChats = SEED.chats - SEED.lidChats;
    const chatId = n >= pnChats ? lidId(n) : pnId(n);
    for (let i = 0; i < count; i++) {
      batch.push(message(n, chatId, i, count));
      if (batch.length === SEED.sliceMessages) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

// --- internal ---

/**
 * Seconds from a chat's k-th newest message back to its newest: a conversation's rhythm, i.e.
 * 20 s to 2 min between messages and a night (8 to 30 hours) about every 300 messages, so a big
 * chat spans about a year (~290 messages a day), not one burst.
 */
const secondsBack: number[] = (() => {
  const back = [0];
  let state = 12345;
  const random = (n: number): number => {
    // xorshift32: its low bits are as random as its high ones (an LCG's are not).
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
  for (let k = 1; k < SEED.bigChatMessages; k++) {
    const gap = random(300) === 0 ? 8 * 3600 + random(79_200) : 20 + random(100);
    back.push((back[k - 1] ?? 0) + gap);
  }
  return back;
})();

/** The span of a big chat, in seconds. */
export const BIG_CHAT_SPAN = secondsBack[SEED.bigChatMessages - 1] ?? 0;

/** Seconds after the base of a chat's newest message: spread so that activity order is mixed. */
export function lastMessageOffset(n: number): number {
  return ((n * 7919) % SEED.chats) * 60 + BIG_CHAT_SPAN;
}

/**
 * Mostly incoming READ text messages (the deep-page filter matches ~95%); every 25th is outgoing
 * (DEVICE), every 100th a reaction (not displayable).
 */
function message(n: number, chatId: string, i: number, count: number): StoredMessage {
  const fromMe = i % 25 === 0;
  const ack = fromMe ? 2 : 3;
  const kind = i % 100 === 99 ? "reaction" : "text";
  const timestamp = SEED.baseTimestamp + lastMessageOffset(n) - (secondsBack[count - 1 - i] ?? 0);
  const id =
    `3EB0${n.toString(16).padStart(4, "0")}${i.toString(16).padStart(8, "0")}`.toUpperCase();
  const serialized = `${fromMe}_${chatId}_${id}`;
  const body = `message ${i} in chat ${n}`;
  return {
    key: { fromMe, chatId, id },
    timestamp,
    ack,
    kind,
    message: {
      id: serialized,
      timestamp,
      from: fromMe ? "491999999999@c.us" : chatId,
      fromMe,
      source: "app",
      to: fromMe ? chatId : "491999999999@c.us",
      body,
      hasMedia: false,
      media: null,
      ack,
      ackName: fromMe ? "DEVICE" : "READ",
      location: null,
      vCards: null,
      replyTo: null,
      _data: {
        key: { remoteJid: chatId.replace("@c.us", "@s.whatsapp.net"), fromMe, id },
        messageTimestamp: timestamp,
        pushName: "Bench",
        status: ack + 1,
        message: { conversation: body },
      },
    },
  };
}
