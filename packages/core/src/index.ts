/** @module `@wa/core`: domain types, ids, query rules, the engine contract and errors. */

export type { AckLevel, AckName } from "./domain/ack.ts";
export {
  ACK_NAMES,
  Ack,
  ackFromBaileysStatus,
  ackFromName,
  ackName,
  ackToBaileysStatus,
} from "./domain/ack.ts";
export type { Chat, ChatPatch, ChatSummary } from "./domain/chat.ts";
export type { Contact, LidMapping } from "./domain/contact.ts";
export type {
  ChatArchiveEvent,
  ChatClearEvent,
  ChatDeleteEvent,
  ChatUnreadEvent,
  ChatUpdateEvent,
  ChatUpsertEvent,
  ContactUpsertEvent,
  DomainEvent,
  DomainEventType,
  HistoryBatchEvent,
  LidMappingEvent,
  MessageAckEvent,
  MessageDeleteEvent,
  MessageEditEvent,
  MessageReactionEvent,
  MessageRevokeEvent,
  MessageUpsertEvent,
  SessionStatusEvent,
} from "./domain/event.ts";
export type { ChatId, JidServer, ParsedJid } from "./domain/jid.ts";
export {
  ALL_CHATS,
  fromJid,
  isBroadcastOrNewsletter,
  isGroupChat,
  isLidChat,
  isUserChat,
  JID_SERVERS,
  jidServer,
  normalizeChatId,
  normalizeChatIdOrAll,
  parseJid,
  toJid,
} from "./domain/jid.ts";
export type { MediaAttachment, MediaDownloadOptions, MediaType } from "./domain/media.ts";
export { MEDIA_TYPES } from "./domain/media.ts";
export type {
  MessageKind,
  StoredMessage,
  WALocation,
  WAMedia,
  WAMessage,
  WAReaction,
  WAReplyTo,
} from "./domain/message.ts";
export { isDisplayableKind, NON_DISPLAYABLE_KINDS } from "./domain/message.ts";
export type { MessageKey, MessageRef } from "./domain/message-id.ts";
export {
  assertKeyInChat,
  buildMessageId,
  isFullMessageKey,
  parseMessageId,
  parseMessageRef,
} from "./domain/message-id.ts";
export type { SessionMe, SessionRecord, SessionStatus } from "./domain/session.ts";
export { assertSessionName, SESSION_NAME_PATTERN, SESSION_STATUSES } from "./domain/session.ts";
export type { CapabilityKey, CapabilityMethod, EngineCapabilities } from "./engine/capabilities.ts";
export { CAPABILITY_KEYS, CAPABILITY_METHODS } from "./engine/capabilities.ts";
export type {
  EditMessageOptions,
  EngineFactory,
  EngineInfo,
  PinDuration,
  SendTextOptions,
  WaEngine,
} from "./engine/contract.ts";
export { PIN_DURATIONS } from "./engine/contract.ts";
export type { AuthStateStore, EngineContext, EngineLogger, MessageLookup } from "./engine/ports.ts";
export { silentLogger } from "./engine/ports.ts";
export type { EngineRuntime } from "./engine/runtime.ts";
export { createEngineRuntime } from "./engine/runtime.ts";
export {
  createSeenSet,
  createSentIds,
  SENT_ID_TTL_MS,
  type SentIds,
} from "./engine/sent-ids.ts";
export { createSerialQueue, type SerialQueue } from "./engine/serial-queue.ts";
export {
  type StartedSession,
  type StartSessionOptions,
  startSession,
} from "./engine/session.ts";
export type {
  HistorySeed,
  SeedChat,
  SeedMedia,
  SeedMessage,
  SentRecord,
  WorldChatState,
  WorldControl,
} from "./engine/world.ts";
export type { WaErrorCode, WaErrorOptions } from "./errors.ts";
export {
  ERROR_CATALOG,
  ERROR_CODES,
  isWaError,
  toWaError,
  validationError,
  WaError,
} from "./errors.ts";
export type { EventIdOptions } from "./events/event-id.ts";
export { createEventIds, decodeEventId, EVENT_ID_PATTERN } from "./events/event-id.ts";
export type { EventName, WahaEventName } from "./events/names.ts";
export {
  ALL_EVENTS,
  EMITTED_EVENT_NAMES,
  parseEventNames,
  WAHA_EVENT_NAMES,
} from "./events/names.ts";
export type {
  ChatArchivePayload,
  MessageAckPayload,
  MessageEditedPayload,
  MessageReactionPayload,
  MessageRevokedPayload,
  SessionStatusPayload,
  StatusPoint,
} from "./events/payloads.ts";
export {
  chatArchivePayload,
  messageAckPayload,
  messageEditedPayload,
  messageReactionPayload,
  messageRevokedPayload,
  STATUS_HISTORY,
  sessionStatusPayload,
} from "./events/payloads.ts";
export type { ChatSortField, ChatsQuery, RawChatsQuery } from "./query/chats.ts";
export { applyChatsQuery, CHAT_SORT_INPUTS, compareChats, parseChatsQuery } from "./query/chats.ts";
export type { LidResolver } from "./query/merge.ts";
export { mergeChats, primaryChatId } from "./query/merge.ts";
export type { MessagesFilter, MessagesQuery, RawMessagesQuery } from "./query/messages.ts";
export {
  applyMessagesQuery,
  compareMessages,
  MESSAGE_SORT_INPUTS,
  MESSAGES_DEFAULT_LIMIT,
  matchesMessagesFilter,
  parseMessagesQuery,
} from "./query/messages.ts";
export type { OverviewQuery, RawOverviewQuery } from "./query/overview.ts";
export {
  isOverviewCandidate,
  matchesOverviewIds,
  OVERVIEW_DEFAULT_LIMIT,
  parseOverviewQuery,
  selectOverview,
} from "./query/overview.ts";
export type { PageRequest } from "./query/paginate.ts";
export { paginate } from "./query/paginate.ts";
export type { RawValue, SortOrder } from "./query/params.ts";
export {
  parseBoolean,
  parseEnum,
  parseInteger,
  parseList,
  parseSortOrder,
  SORT_ORDERS,
} from "./query/params.ts";
export type { ReadRequest } from "./query/read.ts";
export {
  parseReadRequest,
  READ_DEFAULT_DAYS,
  readDefaultMessages,
  readMessagesQuery,
} from "./query/read.ts";
