/**
 * @module WEBJS commands: each is one whatsapp-web.js call on the live client, with failures mapped
 * by `toWaError`. What a command changed is emitted and stored before it returns (read-your-writes);
 * the library's echo of our own chat changes is skipped, so one command makes one event.
 */
import {
  Ack,
  buildMessageId,
  type EditMessageOptions,
  type MessageKey,
  type PinDuration,
  type SendTextOptions,
  type SentIds,
  type StoredMessage,
  WaError,
} from "@wa/core";
import type { Message } from "whatsapp-web.js";
import { ENGINE_NAME, toWaError } from "./errors.ts";
import { dataOf, toLibraryId, toStoredMessage } from "./map/message.ts";
import { loadOlder } from "./older-messages.ts";
import type { Session } from "./session.ts";

/** What the commands need. */
export interface CommandDeps {
  session(): Session;
  sentIds: SentIds;
  getMessage(key: MessageKey): Promise<StoredMessage | null>;
}

/** Makes the command methods of the engine. */
export function createCommands(deps: CommandDeps) {
  const client = () => deps.session().client();
  const meId = () => deps.session().me?.id;
  const run = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw toWaError(error);
    }
  };
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  /** The stored message a command acts on, and the library's copy of it. */
  const existing = async (
    key: MessageKey,
  ): Promise<{ stored: StoredMessage; message: Message }> => {
    const live = client();
    const stored = await deps.getMessage(key);
    const message = stored ? await live.getMessageById(toLibraryId(key, meId())) : null;
    if (!stored || !message) {
      throw new WaError(
        "WA_MESSAGE_NOT_FOUND",
        `[wa:${ENGINE_NAME}] message '${buildMessageId(key)}' is not stored: check the id, or wait for the sync.`,
        { engine: ENGINE_NAME },
      );
    }
    return { stored, message };
  };

  const quotedId = async (chatId: string, id: string) => {
    for (const fromMe of [false, true]) {
      const stored = await deps.getMessage({ fromMe, chatId, id }).catch(() => null);
      if (stored) return toLibraryId(stored.key, meId());
    }
    return buildMessageId({ fromMe: false, chatId, id });
  };

  const read = (chatId: string, keys: MessageKey[]) =>
    run(async () => {
      const incoming = keys.filter((key) => !key.fromMe);
      await client().sendSeen(chatId);
      // WhatsApp sends no receipt for our own reads; like WAHA, record them as READ ourselves.
      for (const key of incoming)
        await deps.session().emit({ type: "message.ack", key, ack: Ack.READ });
    });

  const chatOf = async (chatId: string) => {
    const chat = await client().getChatById(chatId);
    if (!chat)
      throw new WaError("WA_CHAT_NOT_FOUND", `[wa:${ENGINE_NAME}] chat '${chatId}' not found.`);
    return chat;
  };

  return {
    sendText: (chatId: string, text: string, options: SendTextOptions = {}) =>
      run(async () => {
        const session = deps.session();
        const live = client();
        const quoted = options.replyTo ? await quotedId(chatId, options.replyTo) : undefined;
        // Resolve only once WhatsApp (the simulator) acknowledged the send: the page's message
        // exists as soon as it is queued, and a caller reading the world right after would miss it.
        const send = live.sendMessage(chatId, text, {
          waitUntilMsgSent: true,
          sendSeen: false,
          linkPreview: options.linkPreview ?? false,
          ...(quoted ? { quotedMessageId: quoted } : {}),
          ...(options.mentions?.length ? { mentions: options.mentions } : {}),
        });
        const sent = await session.trackSend(
          send.then((message) => {
            if (message) deps.sentIds.add(message.id.id);
            return message;
          }),
        );
        const stored = sent
          ? toStoredMessage(dataOf(sent), { sentByApi: (id) => deps.sentIds.has(id) })
          : null;
        if (!stored)
          throw new WaError("WA_ENGINE_FAILURE", `[wa:${ENGINE_NAME}] the page sent no message.`);
        await session.emit({ type: "message.upsert", messages: [stored], notify: false });
        return stored;
      }),
    sendSeen: (chatId: string, keys: MessageKey[]) => read(chatId, keys),
    readMessages: (chatId: string, keys: MessageKey[]) => read(chatId, keys),
    archiveChat: (chatId: string, archive: boolean) =>
      run(async () => {
        const session = deps.session();
        session.expectEcho("archive", chatId, archive);
        await (archive ? client().archiveChat(chatId) : client().unarchiveChat(chatId));
        await session.emit({
          type: "chat.archive",
          chatId,
          archived: archive,
          timestamp: nowSeconds(),
        });
      }),
    markChatUnread: (chatId: string) =>
      run(async () => {
        await client().markChatUnread(chatId);
        await deps.session().emit({ type: "chat.unread", chatId, unreadCount: -1 });
      }),
    deleteChat: (chatId: string) =>
      run(async () => {
        const chat = await chatOf(chatId);
        deps.session().expectEcho("delete", chatId);
        await chat.delete();
        await deps.session().emit({ type: "chat.delete", chatId });
      }),
    clearMessages: (chatId: string) =>
      run(async () => {
        await (await chatOf(chatId)).clearMessages();
        await deps.session().emit({ type: "chat.clear", chatId });
      }),
    loadOlderMessages: (chatId: string, before: MessageKey | null, count: number) =>
      run(async () => {
        const session = deps.session();
        const beforeTimestamp = before ? (await deps.getMessage(before))?.timestamp : undefined;
        const older = await loadOlder(await chatOf(chatId), before, count, beforeTimestamp);
        const messages = older.flatMap(
          (data) => toStoredMessage(data, { sentByApi: (id) => deps.sentIds.has(id) }) ?? [],
        );
        if (messages.length > 0) {
          await session.emit({
            type: "history.batch",
            chats: [],
            messages,
            contacts: [],
            lidMappings: [],
          });
        }
        return messages;
      }),
    getProfilePicture: (chatId: string) =>
      run(async () => (await client().getProfilePicUrl(chatId)) ?? null),
    pinMessage: (key: MessageKey, duration: PinDuration | null) =>
      run(async () => {
        const { message } = await existing(key);
        const done = duration ? await message.pin(duration) : await message.unpin();
        if (!done)
          throw new WaError(
            "WA_ENGINE_FAILURE",
            `[wa:${ENGINE_NAME}] WhatsApp Web refused the pin.`,
          );
      }),
    editMessage: (key: MessageKey, text: string, _options: EditMessageOptions = {}) =>
      run(async () => {
        const { stored, message } = await existing(key);
        const edited = await message.edit(text, { linkPreview: false });
        if (!edited)
          throw new WaError(
            "WA_ENGINE_FAILURE",
            `[wa:${ENGINE_NAME}] the message cannot be edited.`,
          );
        await deps
          .session()
          .emit({ type: "message.edit", key, body: text, timestamp: nowSeconds() });
        return { ...stored, message: { ...stored.message, body: text } };
      }),
    deleteMessage: (key: MessageKey) =>
      run(async () => {
        const { stored, message } = await existing(key);
        await message.delete(true);
        await deps.session().emit({ type: "message.revoke", key, timestamp: nowSeconds() });
        return stored;
      }),
    requestPairingCode: (phoneNumber: string) =>
      run(async () => {
        const live = deps.session().rawClient();
        if (!live) {
          throw new WaError(
            "WA_ENGINE_NOT_CONNECTED",
            `[wa:${ENGINE_NAME}] no client: start the session first.`,
          );
        }
        const code = await live.requestPairingCode(phoneNumber.replace(/\D/g, ""));
        // WAHA shows the 8-character code as ABCD-EFGH.
        return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
      }),
  };
}
