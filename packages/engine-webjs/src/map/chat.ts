/** @module whatsapp-web.js chats (the serialized page model a `Chat` keeps) → our `Chat`. */
import type { Chat } from "@wa/core";
import { type WidLike, widText } from "./message.ts";

/** The fields of a whatsapp-web.js `Chat` the engine reads. */
export interface WebjsChatData {
  id: WidLike;
  name?: string | null;
  timestamp?: number;
  unreadCount?: number;
  archived?: boolean;
  pinned?: boolean;
}

/** A full chat; `raw` keeps the library's fields (without the last message, mapped separately). */
export function toChat(data: WebjsChatData): Chat | null {
  const id = widText(data.id);
  if (!id) return null;
  return {
    id,
    name: data.name || null,
    conversationTimestamp: data.timestamp || null,
    unreadCount: data.unreadCount ?? 0,
    archived: data.archived === true,
    pinned: data.pinned === true,
    raw: {
      id,
      name: data.name ?? null,
      timestamp: data.timestamp ?? null,
      unreadCount: data.unreadCount ?? 0,
      archived: data.archived === true,
      pinned: data.pinned === true,
    },
  };
}
