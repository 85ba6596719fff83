/**
 * @module Baileys events → domain events (waha-compat §5.4), one pure function per event and one
 * that maps a whole `ev.process` batch in a fixed order. History and live upserts keep only real
 * messages; reactions, edits and revokes become their own events, each emitted once.
 */

import {
  Ack,
  type AckLevel,
  ackFromBaileysStatus,
  type Chat,
  type DomainEvent,
  fromJid,
  isDisplayableKind,
  type MessageAckEvent,
  type StoredMessage,
} from "@wa/core";
import type {
  BaileysEventMap,
  WAMessage as BaileysMessage,
  WAMessageUpdate,
} from "@whiskeysockets/baileys";
import { chatSideEvents, toChat, toChatPatch } from "./chat.ts";
import { mapAll, toContact, toLidMapping } from "./contact.ts";
import { extractBody } from "./content.ts";
import { type EffectEvent, effectId, reactionEvent, toEffectEvent } from "./effects.ts";
import { toMessageKey, toStoredMessage } from "./message.ts";
import { toNumber } from "./raw.ts";

/** Baileys' `WAMessageStubType.REVOKE`. */
const STUB_REVOKE = 1;

/** What the event mappers need from the engine. */
export interface EventMapContext {
  /** True when this process sent the message id through the API in the last 10 minutes. */
  sentByApi(id: string): boolean;
  /** The account's own chat id, once known. */
  meId?: string;
  /** Unix seconds now (only for events Baileys gives no time for). */
  nowSeconds(): number;
  /** Records an effect id; true when it was seen before (the effect is then dropped). */
  seen(effect: string): boolean;
  /** Told about a payload that could not be mapped (it is skipped, the rest still maps). */
  onMapError?(error: unknown, what: string): void;
  /** True (once) when an archive change is Baileys' echo of our own archive command. */
  isOwnArchiveEcho?(chatId: string, archived: boolean): boolean;
}

/** The order in which the events of one Baileys batch are applied. */
export const EVENT_ORDER = [
  "messaging-history.set",
  "chats.upsert",
  "chats.update",
  "contacts.upsert",
  "contacts.update",
  "lid-mapping.update",
  "messages.upsert",
  "messages.update",
  "messages.reaction",
  "message-receipt.update",
  "messages.delete",
  "chats.delete",
] as const satisfies ReadonlyArray<keyof BaileysEventMap>;

/** Maps one `ev.process` batch (every event we know, in {@link EVENT_ORDER}). */
export function mapBaileysBatch(
  batch: Partial<BaileysEventMap>,
  ctx: EventMapContext,
): DomainEvent[] {
  const events: DomainEvent[] = [];
  for (const name of EVENT_ORDER) {
    const payload = batch[name];
    if (payload === undefined) continue;
    try {
      events.push(...mapBaileysEvent(name, payload, ctx));
    } catch (error) {
      ctx.onMapError?.(error, name);
    }
  }
  return events;
}

/** Maps one Baileys event. */
export function mapBaileysEvent<K extends (typeof EVENT_ORDER)[number]>(
  name: K,
  payload: BaileysEventMap[K],
  ctx: EventMapContext,
): DomainEvent[] {
  const p = payload as never;
  switch (name) {
    case "messaging-history.set":
      return mapHistorySet(p, ctx);
    case "chats.upsert": {
      const chats = mapAll(p as BaileysEventMap["chats.upsert"], toChat);
      return chats.length > 0 ? [{ type: "chat.upsert", chats }] : [];
    }
    case "chats.update":
      return mapChatsUpdate(p, ctx);
    case "contacts.upsert":
    case "contacts.update": {
      const contacts = mapAll(p as BaileysEventMap["contacts.update"], toContact);
      return contacts.length > 0 ? [{ type: "contact.upsert", contacts }] : [];
    }
    case "lid-mapping.update":
      return mapAll([p as BaileysEventMap["lid-mapping.update"]], toLidMapping).map((m) => ({
        type: "lid.mapping" as const,
        mappings: [m],
      }));
    case "messages.upsert":
      return mapMessagesUpsert(p, ctx);
    case "messages.update":
      return mapMessagesUpdate(p, ctx);
    case "messages.reaction":
      return dedupe(
        mapAll(p as BaileysEventMap["messages.reaction"], (item) =>
          reactionEvent(item.reaction, item.key, ctx.meId),
        ),
        ctx,
      );
    case "message-receipt.update":
      return mapReceipts(p);
    case "messages.delete":
      return mapMessagesDelete(p);
    case "chats.delete":
      return (p as string[]).map((jid) => ({ type: "chat.delete" as const, chatId: fromJid(jid) }));
  }
  return [];
}

/** History sync: one `history.batch` (real messages only), then the effects it carried. */
export function mapHistorySet(
  payload: BaileysEventMap["messaging-history.set"],
  ctx: EventMapContext,
): DomainEvent[] {
  const { stored, effects } = splitMessages(payload.messages, ctx);
  const lidMappings = mapAll(payload.lidPnMappings, toLidMapping);
  const batch: DomainEvent = {
    type: "history.batch",
    chats: activeAtNewestMessage(mapAll(payload.chats, toChat), stored),
    messages: stored,
    contacts: mapAll(payload.contacts, toContact),
    lidMappings,
  };
  if (typeof payload.progress === "number") batch.progress = payload.progress;
  if (typeof payload.isLatest === "boolean") batch.isLatest = payload.isLatest;
  // Stored like live ones, but announced to no client: WAHA emits no webhooks for history.
  return [batch, ...dedupe(effects, ctx).map((effect) => ({ ...effect, history: true }))];
}

/**
 * Live or own messages (`notify` / `append`): real ones upserted, effects as their own events.
 * `notify` marks news: Baileys' `notify`, and incoming messages it `append`s because they were
 * queued while we were offline (not the ones a history request brought, which carry `requestId`).
 * Our own messages in `append` (sent through the API or from the phone) are not news.
 */
export function mapMessagesUpsert(
  payload: BaileysEventMap["messages.upsert"],
  ctx: EventMapContext,
): DomainEvent[] {
  if (payload.type !== "notify" && payload.type !== "append") return [];
  const { stored, effects } = splitMessages(payload.messages, ctx);
  const isNews = (message: StoredMessage) =>
    payload.type === "notify" || (!message.key.fromMe && !payload.requestId);
  const news = stored.filter(isNews);
  const rest = stored.filter((message) => !isNews(message));
  const events: DomainEvent[] = [];
  if (news.length > 0) events.push({ type: "message.upsert", messages: news, notify: true });
  if (rest.length > 0) events.push({ type: "message.upsert", messages: rest, notify: false });
  return [...events, ...dedupe(effects, ctx)];
}

/** Field updates: status → `message.ack`; Baileys' own revoke / edit updates → their events. */
export function mapMessagesUpdate(updates: WAMessageUpdate[], ctx: EventMapContext): DomainEvent[] {
  const events: DomainEvent[] = [];
  const effects: EffectEvent[] = [];
  for (const { key: rawKey, update } of updates) {
    const key = toMessageKey(rawKey);
    if (!key) continue;
    const ack = ackFromBaileysStatus(toNumber(update.status));
    if (ack !== null) events.push({ type: "message.ack", key, ack });
    if (update.messageStubType === STUB_REVOKE && !update.message) {
      const timestamp = toNumber(update.messageTimestamp) ?? ctx.nowSeconds();
      effects.push({ type: "message.revoke", key, timestamp });
    }
    const edited = update.message?.editedMessage?.message;
    if (edited) {
      const body = extractBody(edited) ?? "";
      const timestamp = toNumber(update.messageTimestamp) ?? ctx.nowSeconds();
      effects.push({ type: "message.edit", key, body, timestamp });
    }
  }
  return [...events, ...dedupe(effects, ctx)];
}

/** Per-reader receipts (groups): read → READ, played → PLAYED, delivered → SERVER (as WAHA). */
export function mapReceipts(updates: BaileysEventMap["message-receipt.update"]): MessageAckEvent[] {
  return mapAll(updates, ({ key: rawKey, receipt }) => {
    const key = toMessageKey(rawKey);
    if (!key) return null;
    let ack: AckLevel | null = null;
    if (receipt.playedTimestamp) ack = Ack.PLAYED;
    else if (receipt.readTimestamp) ack = Ack.READ;
    else if (receipt.receiptTimestamp) ack = Ack.SERVER;
    if (ack === null) return null;
    const event: MessageAckEvent = { type: "message.ack", key, ack };
    if (receipt.userJid) event.participant = fromJid(receipt.userJid);
    return event;
  });
}

/** Deletes for me: some keys → `message.delete`; a whole chat → `chat.clear`. */
export function mapMessagesDelete(payload: BaileysEventMap["messages.delete"]): DomainEvent[] {
  if ("all" in payload) return [{ type: "chat.clear", chatId: fromJid(payload.jid) }];
  const keys = mapAll(payload.keys, toMessageKey);
  return keys.length > 0 ? [{ type: "message.delete", keys }] : [];
}

/** Chat changes → one `chat.update`, plus `chat.archive` / `chat.unread` for each change. */
export function mapChatsUpdate(
  updates: BaileysEventMap["chats.update"],
  ctx: EventMapContext,
): DomainEvent[] {
  const patches = mapAll(updates, toChatPatch);
  if (patches.length === 0) return [];
  return [
    { type: "chat.update", patches },
    ...updates.flatMap((update) => chatSideEvents(update, ctx.nowSeconds(), ctx.isOwnArchiveEcho)),
  ];
}

// --- internal ---

/**
 * A chat is active at least at its newest message: `conversationTimestamp` is raised to the newest
 * message of the chat in this chunk (a phone may send a stale conversation timestamp).
 */
function activeAtNewestMessage(chats: Chat[], messages: StoredMessage[]): Chat[] {
  const newest = new Map<string, number>();
  for (const m of messages)
    newest.set(m.key.chatId, Math.max(newest.get(m.key.chatId) ?? 0, m.timestamp));
  return chats.map((chat) => {
    const latest = newest.get(chat.id);
    if (latest === undefined || (chat.conversationTimestamp ?? 0) >= latest) return chat;
    return { ...chat, conversationTimestamp: latest };
  });
}

function splitMessages(
  messages: readonly BaileysMessage[],
  ctx: EventMapContext,
): { stored: StoredMessage[]; effects: EffectEvent[] } {
  const stored: StoredMessage[] = [];
  const effects: EffectEvent[] = [];
  for (const raw of messages) {
    // One malformed message must not cost the rest of a history chunk.
    try {
      const message = toStoredMessage(raw, { sentByApi: ctx.sentByApi, meId: ctx.meId });
      if (!message) continue;
      if (isDisplayableKind(message.kind)) {
        stored.push(message);
        continue;
      }
      const effect = toEffectEvent(raw, ctx.meId);
      if (effect) effects.push(effect);
    } catch (error) {
      ctx.onMapError?.(error, `message ${raw?.key?.id ?? "?"}`);
    }
  }
  return { stored, effects };
}

function dedupe(effects: Array<EffectEvent | null>, ctx: EventMapContext): EffectEvent[] {
  return effects.filter((effect): effect is EffectEvent => !!effect && !ctx.seen(effectId(effect)));
}
