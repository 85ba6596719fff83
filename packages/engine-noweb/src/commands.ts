/**
 * @module NOWEB commands (waha-compat §4.2): each is one Baileys call on the live socket, with keys
 * converted to Baileys form and failures mapped by `toWaError`. Chat changes are anchored on the
 * chat's newest stored message, which the commands look up through the `messages` port.
 */
import {
  Ack,
  buildMessageId,
  type EditMessageOptions,
  type MessageKey,
  normalizeChatId,
  type PinDuration,
  type SendTextOptions,
  type StoredMessage,
  toJid,
  WaError,
} from "@wa/core";
import type { WAMessage as BaileysMessage, WAMessageKey } from "@whiskeysockets/baileys";
import type { BaileysModule } from "./baileys.ts";
import { chatAnchor } from "./chat-anchor.ts";
import type { Connection } from "./connection-types.ts";
import { ENGINE_NAME, iqErrorCodeOf, toWaError } from "./errors.ts";
import { toBaileysKey, toStoredMessage } from "./map/message.ts";
import { reviveRaw } from "./map/raw.ts";
import type { OwnArchives } from "./own-archives.ts";
import type { SentIds } from "./sent-ids.ts";

/** Baileys' `proto.PinInChat.Type`. */
const PIN_FOR_ALL = 1;
const UNPIN_FOR_ALL = 2;

/** What the commands need. */
export interface CommandDeps {
  connection(): Connection;
  baileys(): BaileysModule;
  sentIds: SentIds;
  /** How long a send waits for Baileys' own copy of the message before emitting it itself. */
  echoTimeoutMs: number;
  /** How long a query may stay unanswered before it fails with WA_ENGINE_TIMEOUT. */
  queryTimeoutMs: number;
  /** Looks a stored message up (for quoting and edit results). */
  getMessage(key: MessageKey): Promise<StoredMessage | null>;
  /** The newest stored message of a chat: WhatsApp anchors chat changes on it. */
  getNewestMessage(chatId: string): Promise<StoredMessage | null>;
  /** Our archive changes in flight, so Baileys' echo of them is not a second `chat.archive`. */
  ownArchives: OwnArchives;
}

/** Makes the command methods of the engine. */
export function createCommands(deps: CommandDeps) {
  const sock = () => deps.connection().socket();
  const run = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw toWaError(error);
    }
  };

  /**
   * Sends content with an id we generate first (so it counts as `source: api`), then waits until
   * Baileys' own copy of it is applied: a caller can edit or read what it just sent at once.
   */
  const send = async (
    chatId: string,
    content: Parameters<ReturnType<typeof sock>["sendMessage"]>[1],
    options = {},
  ) => {
    const socket = sock();
    const connection = deps.connection();
    const messageId = deps.baileys().generateMessageIDV2(socket.user?.id);
    deps.sentIds.add(messageId);
    connection.expectOwnEcho(messageId);
    try {
      const sent = await socket.sendMessage(toJid(chatId), content, { ...options, messageId });
      if (sent) await connection.settleOwnEcho(sent, deps.echoTimeoutMs);
      return sent;
    } finally {
      connection.forgetOwnEcho(messageId);
    }
  };

  const mapSent = (sent: BaileysMessage | undefined): StoredMessage => {
    const stored = sent ? toStoredMessage(sent, { sentByApi: (id) => deps.sentIds.has(id) }) : null;
    if (!stored)
      throw new WaError("WA_ENGINE_FAILURE", `[wa:${ENGINE_NAME}] Baileys returned no message.`);
    return stored;
  };

  const chatModify = (chatId: string, change: Record<string, unknown>) =>
    run(async () => {
      sock();
      const last = await deps.getNewestMessage(normalizeChatId(chatId));
      if (!last) {
        throw new WaError(
          "WA_NO_RECENT_MESSAGE",
          `[wa:${ENGINE_NAME}] chat '${chatId}' has no stored message to anchor the change on; wait for history sync or a new message.`,
          { engine: ENGINE_NAME },
        );
      }
      await sock().chatModify(
        { ...change, lastMessages: chatAnchor(last) } as never,
        toJid(chatId),
      );
    });

  const read = (keys: MessageKey[]) =>
    run(async () => {
      const socket = sock();
      const incoming = keys.filter((key) => !key.fromMe);
      if (incoming.length === 0) return;
      await socket.readMessages(incoming.map(toBaileysKey));
      // WhatsApp sends no receipt for our own reads; like WAHA, record them as READ ourselves.
      for (const key of incoming) {
        await deps.connection().emit({ type: "message.ack", key, ack: Ack.READ });
      }
    });

  /** The stored message a command acts on; WA_MESSAGE_NOT_FOUND before anything is sent. */
  const existing = async (key: MessageKey): Promise<StoredMessage> => {
    sock();
    const stored = await deps.getMessage(key);
    if (!stored) {
      throw new WaError(
        "WA_MESSAGE_NOT_FOUND",
        `[wa:${ENGINE_NAME}] message '${buildMessageId(key)}' is not stored: check the id, or wait for history sync.`,
        { engine: ENGINE_NAME },
      );
    }
    return stored;
  };

  return {
    sendText: (chatId: string, text: string, options: SendTextOptions = {}) =>
      run(async () => {
        const quoted = options.replyTo
          ? await quotedMessage(deps, chatId, options.replyTo)
          : undefined;
        const content: Record<string, unknown> = { text };
        if (options.mentions?.length) content.mentions = options.mentions.map(toJid);
        const sent = await send(chatId, content as never, quoted ? { quoted } : {});
        return mapSent(sent);
      }),
    sendSeen: (_chatId: string, keys: MessageKey[]) => read(keys),
    readMessages: (_chatId: string, keys: MessageKey[]) => read(keys),
    // Each chat change is emitted as soon as WhatsApp accepted the patch, so the HTTP answer comes
    // after the store has it (read-your-writes). Baileys' own echo arrives later, sometimes held
    // 20-30 s by its event buffer, and sometimes never (a clear); replaying it changes nothing,
    // and the echo of an archive is recognised (`ownArchives`): one command, one `chat.archive`.
    archiveChat: async (chatId: string, archive: boolean) => {
      const id = normalizeChatId(chatId);
      deps.ownArchives.expect(id, archive);
      try {
        await chatModify(chatId, { archive });
      } catch (error) {
        deps.ownArchives.forget(id, archive);
        throw error;
      }
      const timestamp = Math.floor(Date.now() / 1000);
      await deps
        .connection()
        .emit({ type: "chat.archive", chatId: id, archived: archive, timestamp });
    },
    markChatUnread: async (chatId: string) => {
      await chatModify(chatId, { markRead: false });
      await deps.connection().emit({ type: "chat.unread", chatId, unreadCount: -1 });
    },
    deleteChat: async (chatId: string) => {
      await chatModify(chatId, { delete: true });
      await deps.connection().emit({ type: "chat.delete", chatId });
    },
    clearMessages: async (chatId: string) => {
      await chatModify(chatId, { clear: true });
      await deps.connection().emit({ type: "chat.clear", chatId });
    },
    getProfilePicture: async (chatId: string) => {
      try {
        // An explicit timeout: without one, rc14 can settle an unanswered query as "no picture".
        const url = await sock().profilePictureUrl(toJid(chatId), "image", deps.queryTimeoutMs);
        return url ?? null;
      } catch (error) {
        // item-not-found (no picture) and not-authorized (hidden by privacy) both mean "none".
        const code = iqErrorCodeOf(error);
        const text = error instanceof Error ? error.message : "";
        if (code === 404 || code === 401 || /item-not-found|not-authorized/.test(text)) return null;
        throw toWaError(error);
      }
    },
    pinMessage: (key: MessageKey, duration: PinDuration | null) =>
      run(async () => {
        await existing(key);
        const content = duration
          ? { pin: toBaileysKey(key), type: PIN_FOR_ALL, time: duration }
          : { pin: toBaileysKey(key), type: UNPIN_FOR_ALL };
        await send(key.chatId, content as never);
      }),
    editMessage: (key: MessageKey, text: string, options: EditMessageOptions = {}) =>
      run(async () => {
        const original = await existing(key);
        const content: Record<string, unknown> = { text, edit: toBaileysKey(key) };
        if (options.mentions?.length) content.mentions = options.mentions.map(toJid);
        await send(key.chatId, content as never);
        return { ...original, message: { ...original.message, body: text } };
      }),
    deleteMessage: (key: MessageKey) =>
      run(async () => {
        const original = await existing(key);
        await send(key.chatId, { delete: toBaileysKey(key) } as never);
        return original;
      }),
    requestPairingCode: (phoneNumber: string) =>
      run(async () => {
        const socket = deps.connection().rawSocket();
        if (!socket) {
          throw new WaError(
            "WA_ENGINE_NOT_CONNECTED",
            `[wa:${ENGINE_NAME}] no socket: start the session first.`,
          );
        }
        const code = await socket.requestPairingCode(phoneNumber.replace(/\D/g, ""));
        // WAHA shows the 8-character code as ABCD-EFGH.
        return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
      }),
  };
}

// --- internal ---

/** The message to quote: the stored one when we have it, else a bare key Baileys can still cite. */
async function quotedMessage(
  deps: CommandDeps,
  chatId: string,
  id: string,
): Promise<BaileysMessage> {
  for (const fromMe of [false, true]) {
    const stored = await deps.getMessage({ fromMe, chatId, id }).catch(() => null);
    if (stored?.message._data) return reviveRaw<BaileysMessage>(stored.message._data);
  }
  const key: WAMessageKey = { remoteJid: toJid(chatId), fromMe: false, id };
  return { key, message: { conversation: "" } };
}
