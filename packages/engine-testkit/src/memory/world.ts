/**
 * @module `createMemoryWorld`: an in-process simulated WhatsApp (phone, contacts, servers) that the
 * memory engine connects to and tests drive through `WorldControl`.
 */
import {
  Ack,
  type AckLevel,
  type ChatId,
  normalizeChatId,
  type SessionMe,
  WaError,
} from "@wa/core";
import type { HistorySeed, SeedChat, WorldChatState, WorldControl } from "../world.ts";
import { newPhoneMessageId } from "./ids.ts";
import { createWorldLink, type WorldLink } from "./world-link.ts";
import {
  appendMessage,
  deliver,
  emptyChatState,
  findMessage,
  getOrCreateChat,
  nowSeconds,
  type WorldChat,
  type WorldClient,
  type WorldMessage,
  type WorldState,
} from "./world-state.ts";

/** Options of {@link createMemoryWorld}. */
export interface MemoryWorldOptions {
  /** The account the phone is logged in as. @default `{ id: "15550000000@c.us", pushName: "Memory" }` */
  me?: SessionMe;
  /** The world clock in milliseconds. @default Date.now */
  now?: () => number;
}

/** A memory world: `WorldControl` for tests, plus the engine-facing `connect`. */
export interface MemoryWorld extends WorldControl {
  /** The account the phone is logged in as. */
  readonly me: SessionMe;
  /** The QR the engine shows right now, or null (lets a sandbox pair without reading events). */
  currentQr(): string | null;
  enterPairingCode(code: string): Promise<void>;
  /**
   * The contact's phone acknowledges a message you sent (DEVICE = delivered, READ, PLAYED); the
   * client gets a `message.ack`. Acks never go down: a lower one is ignored.
   */
  pushReceipt(chatId: ChatId, id: string, ack: AckLevel): Promise<void>;
  /** Engine side: connects a client, replacing any earlier one. */
  connect(client: WorldClient): WorldLink;
}

const DEFAULT_ME: SessionMe = {
  id: "15550000000@c.us",
  pushName: "Memory",
  lid: "100000000000000@lid",
};

/** Creates an empty world; seed it with `seedHistory` before the engine starts. */
export function createMemoryWorld(options: MemoryWorldOptions = {}): MemoryWorld {
  const state: WorldState = {
    me: options.me ?? DEFAULT_ME,
    chats: new Map(),
    contacts: [],
    lidMappings: [],
    pictures: new Map(),
    sent: [],
    client: null,
    online: false,
    pending: [],
    qrs: new Set(),
    pairingCodes: new Set(),
    now: options.now ?? Date.now,
  };

  const pair = async (accepted: Set<string>, value: string, what: string): Promise<void> => {
    if (!state.client || !accepted.has(value))
      throw new WaError(
        "WA_VALIDATION_FAILED",
        `[wa:memory] the world is not showing ${what} '${value}'.`,
      );
    state.qrs.clear();
    state.pairingCodes.clear();
    await deliver(state, { type: "paired", me: state.me });
  };

  return {
    get me() {
      return state.me;
    },
    currentQr: () => [...state.qrs].at(-1) ?? null,
    async seedHistory(seed) {
      seedWorld(state, seed);
    },
    scanQr: (qr) => pair(state.qrs, qr, "the QR"),
    enterPairingCode: (code) => pair(state.pairingCodes, code, "the pairing code"),
    async pushIncomingText(chatId, text, options = {}) {
      const message = incomingMessage(state, normalizeChatId(chatId), text, options.participant);
      return receive(state, message);
    },
    async pushIncomingMedia(chatId, input, options = {}) {
      const { caption, ...media } = input;
      const id = normalizeChatId(chatId);
      const message = incomingMessage(state, id, caption ?? "", options.participant);
      return receive(state, { ...message, media });
    },
    async pushReceipt(chatId, id, ack) {
      const message = findMessage(state, normalizeChatId(chatId), id);
      if (!message?.fromMe)
        throw new WaError(
          "WA_MESSAGE_NOT_FOUND",
          `[wa:memory] no message of yours '${id}' in chat '${chatId}'.`,
        );
      if (ack <= message.ack) return;
      message.ack = ack;
      await deliver(state, { type: "ack", message, ack });
    },
    sent: async () => state.sent.map((record) => ({ ...record })),
    chatState: async (chatId): Promise<WorldChatState> => ({
      ...(state.chats.get(normalizeChatId(chatId))?.state ?? emptyChatState()),
    }),
    async phoneSetArchived(chatId, archived) {
      const id = normalizeChatId(chatId);
      getOrCreateChat(state, id).state.archived = archived;
      await deliver(state, { type: "archive", chatId: id, archived, timestamp: nowSeconds(state) });
    },
    async phoneDeleteChat(chatId) {
      const chat = getOrCreateChat(state, normalizeChatId(chatId));
      chat.state.deleted = true;
      chat.messages = [];
      await deliver(state, { type: "delete", chatId: chat.id });
    },
    async setProfilePicture(chatId, url) {
      state.pictures.set(normalizeChatId(chatId), url);
    },
    async dropConnection() {
      await deliver(state, { type: "drop" });
    },
    connect: (client) => createWorldLink(state, client),
  };
}

// --- internal ---

function seedWorld(state: WorldState, seed: HistorySeed): void {
  state.chats = new Map(seed.chats.map((chat) => [normalizeChatId(chat.id), seededChat(chat)]));
  state.contacts = (seed.contacts ?? []).map((contact) => ({
    id: normalizeChatId(contact.id),
    name: contact.name ?? null,
    pushName: contact.pushName ?? null,
  }));
  state.lidMappings = (seed.lidMappings ?? []).map((pair) => ({
    lid: normalizeChatId(pair.lid),
    pn: normalizeChatId(pair.pn),
  }));
}

/** The newest `unreadCount` incoming messages are delivered (DEVICE); everything else was read. */
function seededChat(seed: SeedChat): WorldChat {
  const chatId = normalizeChatId(seed.id);
  const unreadCount = seed.unreadCount ?? 0;
  const ordered = [...seed.messages].sort((a, b) => a.timestamp - b.timestamp);
  let unreadLeft = unreadCount;
  const messages = ordered
    .reverse()
    .map((message): WorldMessage => {
      const unread = !message.fromMe && unreadLeft-- > 0;
      return {
        id: message.id ?? newPhoneMessageId(),
        chatId,
        fromMe: message.fromMe,
        text: message.text,
        timestamp: message.timestamp,
        ...(message.participant ? { participant: normalizeChatId(message.participant) } : {}),
        ack: unread ? Ack.DEVICE : Ack.READ,
        source: "app",
        ...(message.media ? { media: message.media } : {}),
      };
    })
    .reverse();
  const state = { ...emptyChatState(), archived: seed.archived ?? false };
  return { id: chatId, name: seed.name ?? null, unreadCount, state, messages };
}

/** A contact's message reaches the world and, online or later, the client. */
async function receive(state: WorldState, message: WorldMessage): Promise<{ id: string }> {
  const isNewChat = appendMessage(state, message);
  const chat = getOrCreateChat(state, message.chatId);
  chat.unreadCount += 1;
  await deliver(state, { type: "incoming", message, chat, isNewChat });
  return { id: message.id };
}

function incomingMessage(
  state: WorldState,
  chatId: ChatId,
  text: string,
  participant: ChatId | undefined,
): WorldMessage {
  if (chatId.endsWith("@g.us") && !participant)
    throw new WaError(
      "WA_VALIDATION_FAILED",
      "[wa:memory] a group message needs options.participant.",
    );
  return {
    id: newPhoneMessageId(),
    chatId,
    fromMe: false,
    text,
    timestamp: nowSeconds(state),
    ...(participant ? { participant: normalizeChatId(participant) } : {}),
    ack: Ack.DEVICE,
    source: "app",
  };
}
