/** @module `@wa/engine-noweb`: the NOWEB engine (Baileys), its capabilities, error mapper and mappers. */
export { type AuthStateDeps, loadAuthState, type StoredAuthState } from "./auth-state.ts";
export type { BaileysModule, BaileysSocket, SocketConfig, SocketFactory } from "./baileys.ts";
export { capabilities } from "./capabilities.ts";
export {
  backoffDelay,
  type CloseDecision,
  decideOnClose,
  type ReconnectOptions,
} from "./connection-policy.ts";
export { createEngine, createNowebEngine, type NowebOptions, toBaileysLogger } from "./engine.ts";
export { DisconnectCode, ENGINE_NAME, toWaError } from "./errors.ts";
export type {
  HistoryBacklogOptions,
  HistoryBacklogState,
} from "./history-backlog.ts";
export { toChat, toChatPatch } from "./map/chat.ts";
export { toContact, toLidMapping } from "./map/contact.ts";
export { mapBaileysBatch, mapBaileysEvent } from "./map/events.ts";
export { toBaileysKey, toMessageKey, toStoredMessage } from "./map/message.ts";
export { reviveRaw, toRawJson } from "./map/raw.ts";
