/**
 * @module The whatsapp-web.js events about messages and chats, as domain events: messages created,
 * acknowledged, edited and revoked; chats archived, removed and read. The session's status events
 * (qr, ready, disconnected…) stay in `session.ts`.
 */
import type { DomainEvent, SentIds } from "@wa/core";
import type { Chat, Message } from "whatsapp-web.js";
import type { CommandEchoes } from "./command-echoes.ts";
import { toChat } from "./map/chat.ts";
import { dataOf, toMessageKey, toStoredMessage, widText } from "./map/message.ts";

/** Subscribes a handler to one client event (the session runs it in its queue). */
export type ClientEventSubscriber = (
  event: string,
  // biome-ignore lint/suspicious/noExplicitAny: each event has its own arguments (the library's typings).
  handler: (...args: any[]) => Promise<void>,
) => void;

/** What the handlers need from their session. */
export interface ClientEventsDeps {
  /** Stores an event at once (the handlers run in the session's queue already). */
  emit(event: DomainEvent): Promise<void>;
  sentIds: SentIds;
  /** Sends in progress: a fromMe message waits for them, so that its id is known as ours. */
  sends: ReadonlySet<Promise<unknown>>;
  echoes: CommandEchoes;
}

/** Subscribes the message and chat handlers through `on`. */
export function onMessageAndChatEvents(on: ClientEventSubscriber, deps: ClientEventsDeps): void {
  const { emit, echoes } = deps;
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  const keyOf = (message: Message) => toMessageKey(dataOf(message));

  on("message_create", async (message: Message) => {
    if (message.fromMe) await Promise.allSettled([...deps.sends]);
    const stored = toStoredMessage(dataOf(message), {
      sentByApi: (id) => deps.sentIds.has(id),
    });
    if (stored)
      await emit({
        type: "message.upsert",
        messages: [stored],
        notify: stored.message.source !== "api",
      });
  });
  on("message_ack", async (message: Message, ack: number) => {
    const key = keyOf(message);
    if (key) await emit({ type: "message.ack", key, ack: ack as never });
  });
  on("message_edit", async (message: Message, body: string) => {
    const key = keyOf(message);
    if (key)
      await emit({
        type: "message.edit",
        key,
        body: String(body ?? ""),
        timestamp: nowSeconds(),
      });
  });
  on("message_revoke_everyone", async (message: Message) => {
    const key = keyOf(message);
    if (key) await emit({ type: "message.revoke", key, timestamp: nowSeconds() });
  });
  on("chat_archived", async (chat: Chat, archived: boolean) => {
    const chatId = widText(chat?.id as never);
    if (!chatId || echoes.consume("archive", chatId, archived)) return;
    await emit({
      type: "chat.archive",
      chatId,
      archived: Boolean(archived),
      timestamp: nowSeconds(),
    });
  });
  on("chat_removed", async (chat: Chat) => {
    const chatId = widText(chat?.id as never);
    if (!chatId || echoes.consume("delete", chatId)) return;
    await emit({ type: "chat.delete", chatId });
  });
  on("unread_count", async (chat: Chat) => {
    const parsed = chat ? toChat(chat as never) : null;
    // Positive counts grow with every message, which the store counts itself; reads and marks are absolute.
    if (parsed && parsed.unreadCount <= 0) {
      await emit({ type: "chat.unread", chatId: parsed.id, unreadCount: parsed.unreadCount });
    }
  });
}
