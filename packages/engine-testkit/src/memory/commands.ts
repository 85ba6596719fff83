/**
 * @module The memory engine's commands: each checks the connection, applies itself to the world
 * and emits what a real engine would see come back (acks, chat changes, edits, revokes).
 */
import {
  Ack,
  type ChatId,
  type MessageKey,
  normalizeChatId,
  PIN_DURATIONS,
  type WaEngine,
  WaError,
} from "@wa/core";
import { ENGINE_NAME } from "./capabilities.ts";
import type { MemoryConnection, WorkingConnection } from "./connection.ts";
import { liveMessageEvents } from "./events.ts";
import { keyOf, toRevokeMessage, toStoredMessage } from "./messages.ts";
import type { WorldMessage } from "./world-state.ts";

/** The command methods of a `WaEngine`, required and optional. */
export type MemoryCommands = Pick<
  Required<WaEngine>,
  | "sendText"
  | "sendSeen"
  | "readMessages"
  | "archiveChat"
  | "markChatUnread"
  | "deleteChat"
  | "clearMessages"
  | "getProfilePicture"
  | "pinMessage"
  | "editMessage"
  | "deleteMessage"
  | "loadOlderMessages"
>;

/** Builds the commands over one connection. */
export function createMemoryCommands(connection: MemoryConnection): MemoryCommands {
  const markRead = async (chatId: ChatId, keys: MessageKey[]) => {
    const { context, link } = connection.working();
    const ids = keys.filter((key) => !key.fromMe).map((key) => key.id);
    for (const message of link.read(normalizeChatId(chatId), ids))
      await context.emit({ type: "message.ack", key: keyOf(message), ack: Ack.READ });
  };
  const chatCommand = async (
    chatId: ChatId,
    apply: (c: WorkingConnection, id: ChatId) => Promise<void>,
  ) => apply(connection.working(), normalizeChatId(chatId));

  return {
    async sendText(chatId, text, options = {}) {
      const working = connection.working();
      const { context, link } = working;
      const id = normalizeChatId(chatId);
      const quoted = options.replyTo ? requireInWorld(working, id, options.replyTo) : undefined;
      const { message, isNewChat } = link.sendText(id, text, quoted);
      const chat = link.chat(id);
      if (chat)
        for (const event of liveMessageEvents(chat, message, isNewChat)) await context.emit(event);
      return toStoredMessage(message);
    },
    sendSeen: markRead,
    readMessages: markRead,
    archiveChat: (chatId, archived) =>
      chatCommand(chatId, async ({ context, link }, id) => {
        link.setArchived(id, archived);
        await context.emit({
          type: "chat.archive",
          chatId: id,
          archived,
          timestamp: link.nowSeconds(),
        });
      }),
    markChatUnread: (chatId) =>
      chatCommand(chatId, async ({ context, link }, id) => {
        link.markUnread(id);
        await context.emit({ type: "chat.unread", chatId: id, unreadCount: -1 });
      }),
    deleteChat: (chatId) =>
      chatCommand(chatId, async ({ context, link }, id) => {
        link.deleteChat(id);
        await context.emit({ type: "chat.delete", chatId: id });
      }),
    clearMessages: (chatId) =>
      chatCommand(chatId, async ({ context, link }, id) => {
        link.clearChat(id);
        await context.emit({ type: "chat.clear", chatId: id });
      }),
    async loadOlderMessages(chatId, before, count) {
      const { context, link } = connection.working();
      const chat = link.chat(normalizeChatId(chatId));
      const sorted = [...(chat?.messages ?? [])].sort((a, b) => a.timestamp - b.timestamp);
      const end = before ? sorted.findIndex((m) => m.id === before.id) : sorted.length;
      const older = sorted.slice(Math.max(0, end - count), Math.max(0, end)).map(toStoredMessage);
      if (older.length > 0)
        await context.emit({
          type: "history.batch",
          chats: [],
          messages: older,
          contacts: [],
          lidMappings: [],
        });
      return older;
    },
    async getProfilePicture(chatId) {
      return connection.working().link.picture(normalizeChatId(chatId));
    },
    async pinMessage(key, duration) {
      if (duration !== null && !(PIN_DURATIONS as readonly number[]).includes(duration))
        throw new WaError(
          "WA_VALIDATION_FAILED",
          `[wa:${ENGINE_NAME}] pin duration must be one of ${PIN_DURATIONS.join(", ")} seconds.`,
        );
      const working = connection.working();
      working.link.pin(await requireMessage(working, key), duration !== null);
    },
    async editMessage(key, text) {
      const working = connection.working();
      const target = await requireMessage(working, key);
      working.link.edit(target, text);
      const timestamp = working.link.nowSeconds();
      await working.context.emit({
        type: "message.edit",
        key: keyOf(target),
        body: text,
        timestamp,
      });
      return toStoredMessage(target);
    },
    async deleteMessage(key) {
      const working = connection.working();
      const target = await requireMessage(working, key);
      const protocolId = working.link.revoke(target);
      const timestamp = working.link.nowSeconds();
      await working.context.emit({ type: "message.revoke", key: keyOf(target), timestamp });
      return toRevokeMessage(protocolId, target, timestamp, Ack.SERVER);
    },
  };
}

// --- internal ---

/**
 * Like a real engine, a command on a message needs it in the runtime's store (MessageLookup);
 * the world must know it too, or WhatsApp would have nothing to act on.
 */
async function requireMessage(working: WorkingConnection, key: MessageKey): Promise<WorldMessage> {
  const chatId = normalizeChatId(key.chatId);
  const stored = await working.context.messages.getMessage({ ...key, chatId });
  if (!stored) throw messageNotFound(chatId, key.id);
  const message = requireInWorld(working, chatId, key.id);
  if (message.fromMe !== key.fromMe) throw messageNotFound(chatId, key.id);
  return message;
}

function requireInWorld({ link }: WorkingConnection, chatId: ChatId, id: string): WorldMessage {
  const message = link.findMessage(chatId, id);
  if (!message) throw messageNotFound(chatId, id);
  return message;
}

function messageNotFound(chatId: ChatId, id: string): WaError {
  return new WaError(
    "WA_MESSAGE_NOT_FOUND",
    `[wa:${ENGINE_NAME}] message '${id}' not found in chat '${chatId}'.`,
    { engine: ENGINE_NAME, details: { chatId, id } },
  );
}
