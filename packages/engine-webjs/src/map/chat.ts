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
    name: realName(data.name, id),
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

// --- internal ---

/**
 * WhatsApp Web titles a chat without a saved name with its formatted phone number
 * (`+1 202-555-0705`); that is no name (NOWEB has none either, and the overview then falls back to
 * the contact's push name).
 */
function realName(name: string | null | undefined, id: string): string | null {
  if (!name) return null;
  const user = id.split("@")[0] ?? "";
  const numberOnly = !/[\p{L}]/u.test(name) && name.replace(/\D/g, "") === user;
  return numberOnly ? null : name;
}
