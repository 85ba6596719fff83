/** @module Chats: the stored chat, the overview item (`ChatSummary`) and the chat list item. */
import type { ChatId } from "./jid.ts";
import type { WAMessage } from "./message.ts";

/** A chat as engines emit it and the store keeps it. */
export interface Chat {
  id: ChatId;
  name: string | null;
  /** Unix seconds of the last activity; null for a chat that was never active. */
  conversationTimestamp: number | null;
  unreadCount: number;
  archived: boolean;
  pinned: boolean;
  /** The engine's raw chat object (`_chat` in the overview). */
  raw: unknown;
}

/** A partial change to a chat; absent fields are kept. */
export type ChatPatch = Partial<Omit<Chat, "id">> & { id: ChatId };

/** An overview item (waha-compat §3.3), with `unreadCount` added. */
export interface ChatSummary {
  id: ChatId;
  name: string | null;
  picture: string | null;
  lastMessage: WAMessage | null;
  unreadCount: number;
  _chat: unknown;
}
