/** @module The domain events a new message in the world becomes: the chat change, then the upsert. */
import type { DomainEvent } from "@wa/core";
import { toChat, toStoredMessage } from "./messages.ts";
import type { WorldChat, WorldMessage } from "./world-state.ts";

/**
 * What a live message emits, in Baileys' order: a new chat is upserted whole, a known chat gets
 * its activity time (and unread counter) patched, then the message itself arrives.
 */
export function liveMessageEvents(
  chat: WorldChat,
  message: WorldMessage,
  isNewChat: boolean,
): DomainEvent[] {
  const chatEvent: DomainEvent = isNewChat
    ? { type: "chat.upsert", chats: [toChat(chat)] }
    : {
        type: "chat.update",
        patches: [
          { id: chat.id, conversationTimestamp: message.timestamp, unreadCount: chat.unreadCount },
        ],
      };
  const upsert: DomainEvent = {
    type: "message.upsert",
    messages: [toStoredMessage(message)],
    notify: true,
  };
  return [chatEvent, upsert];
}
