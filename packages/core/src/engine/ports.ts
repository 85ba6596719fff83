/** @module What the runtime injects into an engine: event sink, auth-state persistence, message lookup, logger. */
import type { DomainEvent } from "../domain/event.ts";
import type { StoredMessage } from "../domain/message.ts";
import type { MessageKey } from "../domain/message-id.ts";

/**
 * Durable key–value storage for an engine's credentials and keys (Baileys' `creds` and signal
 * keys). Values are JSON-serialisable; Buffers must be encoded by the engine.
 */
export interface AuthStateStore {
  /** Reads one value, or null. */
  get(key: string): Promise<string | null>;
  /** Reads many values at once; missing keys are absent from the result. */
  getMany(keys: string[]): Promise<Map<string, string>>;
  /** Writes (value) or deletes (null) many keys in one durable transaction. */
  setMany(entries: Array<[key: string, value: string | null]>): Promise<void>;
  /** Deletes every key (after a logout). */
  clear(): Promise<void>;
}

/** Read access to messages the runtime has stored (for retries, replies, edits, chat changes). */
export interface MessageLookup {
  /** The stored message with this key, or null. */
  getMessage(key: MessageKey): Promise<StoredMessage | null>;
  /** The newest stored message of a chat, or null. */
  getNewestMessage(chatId: string): Promise<StoredMessage | null>;
}

/** The minimal logger engines use (pino-compatible). */
export interface EngineLogger {
  debug(obj: unknown, msg?: string): void;
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
  child(bindings: Record<string, unknown>): EngineLogger;
}

/** What an engine receives when it starts. */
export interface EngineContext {
  /** The session name. */
  session: string;
  /**
   * Hands a domain event to the runtime. The promise settles once the event is durably stored;
   * engines await it, which gives history sync its back-pressure.
   */
  emit(event: DomainEvent): Promise<void>;
  /**
   * Hands several events over at once, applied in order and stored in one durable write (one fsync
   * instead of one per event). Optional: an engine without it emits them one by one. An engine uses
   * it for what arrives together (a Baileys batch, a history chunk), so a queue of incoming messages
   * clears in a few writes rather than one per event.
   */
  emitAll?(events: readonly DomainEvent[]): Promise<void>;
  authState: AuthStateStore;
  messages: MessageLookup;
  logger: EngineLogger;
}

/** A logger that drops everything. */
export const silentLogger: EngineLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};
