/**
 * @module The engine contract `WaEngine`: a small required core plus optional commands, each behind
 * a capability key. Reads (chats, messages) are answered by the store, never by engines.
 */
import type { ChatId } from "../domain/jid.ts";
import type { MediaAttachment } from "../domain/media.ts";
import type { StoredMessage, WAMessage } from "../domain/message.ts";
import type { MessageKey } from "../domain/message-id.ts";
import type { EngineCapabilities } from "./capabilities.ts";
import type { EngineContext } from "./ports.ts";

/** Static facts about an engine. */
export interface EngineInfo {
  /** Lower-case engine name, e.g. `noweb`. */
  name: string;
  /** The library it drives, e.g. `baileys`. */
  library: string;
  /** The library version, when known. */
  version?: string;
}

/** Options of {@link WaEngine.sendText}. */
export interface SendTextOptions {
  /** Bare id of the message to quote. */
  replyTo?: string;
  mentions?: ChatId[];
  linkPreview?: boolean;
}

/** Options of {@link WaEngine.editMessage}. */
export interface EditMessageOptions {
  mentions?: ChatId[];
  /** @default true */
  linkPreview?: boolean;
  /** @default false */
  linkPreviewHighQuality?: boolean;
}

/** Pin durations WhatsApp allows, in seconds: 24 h, 7 days, 30 days. */
export const PIN_DURATIONS = [86400, 604800, 2592000] as const;

/** One of {@link PIN_DURATIONS}. */
export type PinDuration = (typeof PIN_DURATIONS)[number];

/**
 * One WhatsApp connection. Engines are plain objects made by a factory; they turn library events
 * into domain events (through {@link EngineContext.emit}) and execute commands.
 */
export interface WaEngine {
  /** Static metadata. */
  readonly info: EngineInfo;
  /** The complete capability table; a key is true if and only if its method exists. */
  readonly capabilities: EngineCapabilities;

  /** Connects (pairing by QR when there are no credentials). Resolves once the connection is under way. */
  start(context: EngineContext): Promise<void>;
  /** Disconnects, keeping credentials. Idempotent. */
  stop(): Promise<void>;
  /** Unlinks the device and clears credentials. */
  logout(): Promise<void>;
  /** Sends a text message and returns it as stored (the engine also emits it). */
  sendText(chatId: ChatId, text: string, options?: SendTextOptions): Promise<StoredMessage>;
  /** Marks the given messages as read (`sendSeen`). */
  sendSeen(chatId: ChatId, keys: MessageKey[]): Promise<void>;

  /**
   * Archives (`true`) or unarchives (`false`) a chat. An engine that must anchor the change on the
   * chat's newest message (NOWEB) looks it up itself through {@link EngineContext.messages}.
   * Capability `chats.archive`; without it the runtime answers `WA_ENGINE_UNSUPPORTED`.
   */
  archiveChat?(chatId: ChatId, archive: boolean): Promise<void>;
  /** Marks a chat unread. Capability `chats.unread`. */
  markChatUnread?(chatId: ChatId): Promise<void>;
  /** Deletes a chat on every device. Capability `chats.delete`. */
  deleteChat?(chatId: ChatId): Promise<void>;
  /** Clears every message of a chat on every device. Capability `chats.clear`. */
  clearMessages?(chatId: ChatId): Promise<void>;
  /** Fetches a chat's picture URL, or null when it has none. Capability `chats.picture`. */
  getProfilePicture?(chatId: ChatId): Promise<string | null>;
  /** Marks the given incoming messages read. Capability `messages.read`. */
  readMessages?(chatId: ChatId, keys: MessageKey[]): Promise<void>;
  /** Pins (duration in seconds) or unpins (`null`) a message for everyone. Capability `messages.pin`. */
  pinMessage?(key: MessageKey, duration: PinDuration | null): Promise<void>;
  /** Edits a sent text or caption. Capability `messages.edit`. */
  editMessage?(key: MessageKey, text: string, options?: EditMessageOptions): Promise<StoredMessage>;
  /** Deletes a message for everyone. Capability `messages.delete`. */
  deleteMessage?(key: MessageKey): Promise<StoredMessage | null>;
  /**
   * The attachment of a stored media message (its `_data` as this engine stored it), or null when
   * it has none. Describing it makes no network call; `download()` on the result fetches it.
   * Capability `messages.media`; without it messages keep `media: null`.
   */
  getMedia?(message: WAMessage): MediaAttachment | null;
  /**
   * Fetches from WhatsApp up to `count` messages of a chat older than `before` (the oldest one the
   * caller holds; null: the chat's newest), stores them (a `history.batch` emitted before it
   * resolves) and returns them, oldest first; empty once the chat has no older ones. Reads of
   * messages older than the store holds call it. Capability `messages.history`.
   */
  loadOlderMessages?(
    chatId: ChatId,
    before: MessageKey | null,
    count: number,
  ): Promise<StoredMessage[]>;
  /** Requests a pairing code for a phone number instead of a QR. Capability `auth.pairing-code`. */
  requestPairingCode?(phoneNumber: string): Promise<string>;

  /** The underlying library object, for debugging only. */
  getInstance?(): unknown;
}

/** A factory that makes an engine from its options. */
export type EngineFactory<Options = Record<string, unknown>> = (options: Options) => WaEngine;
