/**
 * @module The engine-facing half of a memory world: what the simulated WhatsApp servers do when
 * the connected client pairs, sends, reads, patches chats or edits messages.
 */
import { Ack, type ChatId, type SessionMe } from "@wa/core";
import type { SentRecord } from "../world.ts";
import { newClientMessageId, newPairingCode, newQr } from "./ids.ts";
import {
  appendMessage,
  deliver,
  findMessage,
  getOrCreateChat,
  nowSeconds,
  type WorldChat,
  type WorldClient,
  type WorldMessage,
  type WorldSnapshot,
  type WorldState,
} from "./world-state.ts";

/** A client's connection to the world. */
export interface WorldLink {
  /** The account the phone is logged in as. */
  readonly me: SessionMe;
  /** Shows a new QR for the phone to scan (earlier ones stop working). */
  issueQr(): string;
  /** Shows a pairing code for the phone to enter. */
  issuePairingCode(): string;
  /** The client is paired and working: delivers what waited while it was offline. */
  goOnline(): Promise<void>;
  /** The history the phone syncs after pairing. */
  snapshot(): WorldSnapshot;
  /** A chat the world knows, or undefined. */
  chat(chatId: ChatId): WorldChat | undefined;
  findMessage(chatId: ChatId, id: string): WorldMessage | undefined;
  /** Unix seconds of the world clock. */
  nowSeconds(): number;
  sendText(
    chatId: ChatId,
    text: string,
    quoted?: WorldMessage,
  ): { message: WorldMessage; isNewChat: boolean };
  /** Marks incoming messages read; returns those whose ack rose to READ. */
  read(chatId: ChatId, ids: string[]): WorldMessage[];
  setArchived(chatId: ChatId, archived: boolean): void;
  markUnread(chatId: ChatId): void;
  deleteChat(chatId: ChatId): void;
  clearChat(chatId: ChatId): void;
  /** Pins or unpins a message for everyone; returns the bare id of the pin message. */
  pin(target: WorldMessage, pinned: boolean): string;
  /** Edits a message; returns the bare id of the edit message. */
  edit(target: WorldMessage, text: string): string;
  /** Deletes a message for everyone; returns the bare id of the revoke message. */
  revoke(target: WorldMessage): string;
  picture(chatId: ChatId): string | null;
  /** Unlinks this device (logout). */
  unlink(): void;
  /** Closes the connection; the world keeps later signals until a client connects again. */
  close(): void;
}

/** Connects a client to the world, replacing any earlier one. */
export function createWorldLink(state: WorldState, client: WorldClient): WorldLink {
  state.client = client;
  state.online = false;
  const isCurrent = () => state.client === client;
  const record = (entry: SentRecord) => state.sent.push(entry);
  const protocolMessage = (kind: SentRecord["kind"], target: WorldMessage, text?: string) => {
    const id = newClientMessageId();
    record({
      kind,
      chatId: target.chatId,
      id,
      targetId: target.id,
      ...(text === undefined ? {} : { text }),
    });
    return id;
  };

  return {
    me: state.me,
    issueQr() {
      const qr = newQr();
      state.qrs = new Set([qr]);
      return qr;
    },
    issuePairingCode() {
      const code = newPairingCode();
      state.pairingCodes = new Set([code]);
      return code;
    },
    async goOnline() {
      if (!isCurrent()) return;
      state.online = true;
      const pending = state.pending.splice(0);
      for (const signal of pending) await deliver(state, signal);
    },
    snapshot: () => ({
      chats: [...state.chats.values()].filter((chat) => !chat.state.deleted),
      contacts: state.contacts,
      lidMappings: state.lidMappings,
    }),
    chat: (chatId) => state.chats.get(chatId),
    findMessage: (chatId, id) => findMessage(state, chatId, id),
    nowSeconds: () => nowSeconds(state),
    sendText(chatId, text, quoted) {
      const message: WorldMessage = {
        id: newClientMessageId(),
        chatId,
        fromMe: true,
        text,
        timestamp: nowSeconds(state),
        ack: Ack.SERVER,
        source: "api",
        ...(quoted ? { quoted: quoteOf(quoted) } : {}),
      };
      const isNewChat = appendMessage(state, message);
      record({ kind: "text", chatId, id: message.id, text });
      return { message, isNewChat };
    },
    read(chatId, ids) {
      const raised: WorldMessage[] = [];
      for (const id of ids) {
        record({ kind: "read", chatId, id, targetId: id });
        const message = findMessage(state, chatId, id);
        if (!message || message.fromMe || message.ack >= Ack.READ) continue;
        message.ack = Ack.READ;
        raised.push(message);
      }
      // Receipts for a chat the world does not know still reach it, but create no chat.
      const chat = state.chats.get(chatId);
      if (chat) {
        chat.unreadCount = chat.messages.filter((m) => !m.fromMe && m.ack < Ack.READ).length;
        chat.state.markedUnread = false;
      }
      return raised;
    },
    setArchived(chatId, archived) {
      getOrCreateChat(state, chatId).state.archived = archived;
    },
    markUnread(chatId) {
      getOrCreateChat(state, chatId).state.markedUnread = true;
    },
    deleteChat(chatId) {
      const chat = getOrCreateChat(state, chatId);
      chat.state.deleted = true;
      chat.messages = [];
    },
    clearChat(chatId) {
      const chat = getOrCreateChat(state, chatId);
      chat.state.cleared = true;
      chat.messages = [];
    },
    pin: (target, pinned) => protocolMessage(pinned ? "pin" : "unpin", target),
    edit(target, text) {
      target.text = text;
      return protocolMessage("edit", target, text);
    },
    revoke(target) {
      const chat = getOrCreateChat(state, target.chatId);
      chat.messages = chat.messages.filter((message) => message !== target);
      return protocolMessage("revoke", target);
    },
    picture: (chatId) => state.pictures.get(chatId) ?? null,
    unlink() {
      state.qrs.clear();
      state.pairingCodes.clear();
    },
    close() {
      if (!isCurrent()) return;
      state.client = null;
      state.online = false;
    },
  };
}

// --- internal ---

function quoteOf(message: WorldMessage): NonNullable<WorldMessage["quoted"]> {
  return {
    id: message.id,
    text: message.text,
    ...(message.participant ? { participant: message.participant } : {}),
  };
}
