/**
 * @module The mutable state of one memory world (chats, messages, what the client sent, the
 * connected client) and the signals the world pushes to that client.
 */
import type { AckLevel, ChatId, Contact, LidMapping, SessionMe } from "@wa/core";
import type { SeedMedia, SentRecord, WorldChatState } from "../world.ts";

/** One message as the simulated WhatsApp servers know it. */
export interface WorldMessage {
  id: string;
  chatId: ChatId;
  fromMe: boolean;
  /** Null for messages without text. */
  text: string | null;
  /** Unix seconds. */
  timestamp: number;
  /** Group sender of an incoming group message. */
  participant?: ChatId;
  ack: AckLevel;
  /** `api` when the client sent it through the engine. */
  source: "api" | "app";
  /** The quoted message of a reply. */
  quoted?: { id: string; participant?: ChatId; text: string | null };
  /** An attached file (then `text` is its caption). */
  media?: SeedMedia;
}

/** One chat of the world, oldest message first. */
export interface WorldChat {
  id: ChatId;
  name: string | null;
  unreadCount: number;
  state: WorldChatState;
  messages: WorldMessage[];
}

/** What the phone syncs to a freshly paired client. */
export interface WorldSnapshot {
  chats: WorldChat[];
  contacts: Contact[];
  lidMappings: LidMapping[];
}

/** What the world pushes to the connected client. */
export type WorldSignal =
  | { type: "paired"; me: SessionMe }
  | { type: "incoming"; message: WorldMessage; chat: WorldChat; isNewChat: boolean }
  | { type: "ack"; message: WorldMessage; ack: AckLevel }
  | { type: "archive"; chatId: ChatId; archived: boolean; timestamp: number }
  | { type: "delete"; chatId: ChatId }
  | { type: "drop" };

/** The engine side of a connection: receives the world's signals. */
export interface WorldClient {
  receive(signal: WorldSignal): Promise<void>;
}

/** The internal state shared by the world's test-facing and engine-facing halves. */
export interface WorldState {
  me: SessionMe;
  chats: Map<ChatId, WorldChat>;
  contacts: Contact[];
  lidMappings: LidMapping[];
  pictures: Map<ChatId, string | null>;
  sent: SentRecord[];
  client: WorldClient | null;
  /** True once the connected client is paired and working; until then signals wait in `pending`. */
  online: boolean;
  /** Signals that arrived while no client was connected (offline messages, phone changes). */
  pending: WorldSignal[];
  /** The QR codes and pairing codes currently accepted. */
  qrs: Set<string>;
  pairingCodes: Set<string>;
  now(): number;
}

/** A fresh, empty chat state. */
export const emptyChatState = (): WorldChatState => ({
  archived: false,
  markedUnread: false,
  pinned: false,
  deleted: false,
  cleared: false,
});

/** The chat with this id, created empty when the world does not know it yet. */
export function getOrCreateChat(state: WorldState, chatId: ChatId): WorldChat {
  let chat = state.chats.get(chatId);
  if (!chat) {
    chat = { id: chatId, name: null, unreadCount: 0, state: emptyChatState(), messages: [] };
    state.chats.set(chatId, chat);
  }
  return chat;
}

/** The message with this bare id in a chat, or undefined. */
export function findMessage(
  state: WorldState,
  chatId: ChatId,
  id: string,
): WorldMessage | undefined {
  return state.chats.get(chatId)?.messages.find((message) => message.id === id);
}

/**
 * Appends a message to its chat. A deleted chat comes back, as on WhatsApp; returns whether the
 * client must see the chat as new.
 */
export function appendMessage(state: WorldState, message: WorldMessage): boolean {
  const isNewChat = !state.chats.has(message.chatId) || isGone(state, message.chatId);
  const chat = getOrCreateChat(state, message.chatId);
  chat.state.deleted = false;
  chat.messages.push(message);
  return isNewChat;
}

/**
 * Hands a signal to the connected client. Chat and message signals wait in `pending` until the
 * client is online, like offline messages on WhatsApp; connection signals need a client.
 */
export async function deliver(state: WorldState, signal: WorldSignal): Promise<void> {
  const isConnectionSignal = signal.type === "paired" || signal.type === "drop";
  if (isConnectionSignal) return state.client?.receive(signal);
  if (state.client && state.online) return state.client.receive(signal);
  state.pending.push(signal);
}

/** Unix seconds of the world clock. */
export const nowSeconds = (state: WorldState): number => Math.floor(state.now() / 1000);

// --- internal ---

function isGone(state: WorldState, chatId: ChatId): boolean {
  return state.chats.get(chatId)?.state.deleted === true;
}
