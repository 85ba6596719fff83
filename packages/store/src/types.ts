/** @module The `Store` interface every persistence backend implements (SQLite now, PostgreSQL later). */
import type {
  AuthStateStore,
  Chat,
  ChatId,
  ChatsQuery,
  Contact,
  DomainEvent,
  EventName,
  MessageRef,
  MessagesQuery,
  OverviewQuery,
  SessionRecord,
  StoredMessage,
} from "@wa/core";

/** One overview row before the server adds the picture: the chat, its newest displayable message, its contact. */
export interface OverviewRow {
  /** The chat, under its primary (phone-number) id when merged. */
  chat: Chat;
  /** The newest displayable message of the chat (of both PN and LID chats when merged), or null. */
  lastMessage: StoredMessage | null;
  /** The contact of a direct chat, when known. */
  contact: Contact | null;
}

/** A page of JSON texts as one JSON array: `[` + the texts joined by `,` + `]`, and their count. */
export interface JsonArrayText {
  /** The items in the array. */
  readonly length: number;
  readonly text: string;
}

/** Row counts of one session, for tests and benchmarks. */
export interface StoreCounts {
  chats: number;
  messages: number;
  contacts: number;
  lidMappings: number;
}

/**
 * One stored event (the outbox): written in the same transaction as the change it describes, so a
 * client told about it can always read the change back.
 */
export interface OutboxEvent {
  session: string;
  /** Its place in the session's stream: increasing in commit order (a per-session counter). */
  seq: number;
  /** `evt_` + lowercase ULID, increasing with `seq` within a session. */
  id: string;
  event: EventName;
  /** The chat it concerns (one chat's events are delivered in order), or null (session events). */
  chatId: string | null;
  /** When it was written, in ms (the time of its id). */
  timestamp: number;
  /** The payload as JSON text (waha-compat §6.3). */
  payload: string;
}

/** What `apply` changed: the events it wrote, in stream order (none for a replay). */
export interface ApplyResult {
  events: OutboxEvent[];
}

/** Where one webhook delivery stands. */
export type DeliveryStatus = "delivered" | "retrying" | "dead" | "redeliver";

/** An event a delivery target has yet to receive, with the attempts made so far. */
export interface PendingDelivery {
  event: OutboxEvent;
  attempts: number;
  /** When the next attempt is due (ms), after a failed one; null when due now. */
  nextAttemptAt: number | null;
  /** True for a dead letter asked to be delivered again (it is outside the chat order). */
  redelivery: boolean;
}

/** The outcome of delivering one event to one target. */
export interface DeliveryOutcome {
  seq: number;
  status: Exclude<DeliveryStatus, "redeliver">;
  attempts: number;
  /** For `retrying`: when the next attempt is due (ms). */
  nextAttemptAt?: number | null;
  /** The receiver's HTTP status of the last attempt, if it answered. */
  lastStatus?: number | null;
  /** Why the last attempt failed. */
  lastError?: string | null;
}

/** One line of a session's delivery log. */
export interface DeliveryRecord {
  target: string;
  seq: number;
  eventId: string;
  event: EventName;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
  /** ms */
  updatedAt: number;
}

/** Filters of {@link Outbox.deliveries}. */
export interface DeliveryQuery {
  status?: DeliveryStatus;
  target?: string;
  limit: number;
  offset: number;
}

/** How long events are kept. */
export interface RetentionPolicy {
  /** Events written before this (ms) go once every target has them (and none is a dead letter). */
  settledBefore: number;
  /** Events written before this (ms) go whatever their state (dead letters included). */
  anyBefore: number;
}

/**
 * The outbox: a per-session stream of events, each written by `apply` with its change, and the
 * delivery state of each webhook target (a cursor below which every event is settled, plus one
 * row per delivered, retrying or dead event). Portable: plain tables, no database-specific tricks.
 */
export interface Outbox {
  /** Events after `afterSeq` (0: from the oldest kept), oldest first, at most `limit`. */
  list(session: string, query: { afterSeq: number; limit: number }): Promise<OutboxEvent[]>;
  /** One event by id, or null (unknown or no longer kept). */
  find(session: string, id: string): Promise<OutboxEvent | null>;
  /**
   * Registers a delivery target; a new one starts after `afterSeq`, by default after the session's
   * newest event (it receives what is written from now on). A known one keeps its cursor, which
   * it returns.
   */
  openTarget(session: string, target: string, afterSeq?: number): Promise<number>;
  /** Forgets the targets of a session not in `keep` (their cursors and pending retries). */
  closeTargets(session: string, keep: readonly string[]): Promise<void>;
  /**
   * Claims what a target has yet to receive: dead letters asked to be redelivered, then the
   * unsettled events after `max(cursor, afterSeq)`, in stream order, at most `limit` of each.
   */
  claim(
    session: string,
    target: string,
    query: { afterSeq: number; limit: number },
  ): Promise<PendingDelivery[]>;
  /** Records outcomes and moves the target's cursor to `cursor` (every event up to it settled). */
  settle(
    session: string,
    target: string,
    outcomes: readonly DeliveryOutcome[],
    cursor: number,
  ): Promise<void>;
  /** The delivery log of a session, newest first. */
  deliveries(session: string, query: DeliveryQuery): Promise<DeliveryRecord[]>;
  /** Marks dead letters (all of the session's, or those of the given event ids) for redelivery. */
  redeliver(session: string, eventIds?: readonly string[]): Promise<number>;
  /** Deletes what the policy lets go, in bounded steps; returns the number of events deleted. */
  prune(policy: RetentionPolicy): Promise<number>;
}

/** Session records: one per session name. */
export interface SessionRepository {
  get(name: string): Promise<SessionRecord | null>;
  list(): Promise<SessionRecord[]>;
  /** Inserts or replaces a record. */
  put(record: SessionRecord): Promise<void>;
  /**
   * Inserts a new record; false (nothing written) when one of that name exists. Of several
   * writers creating one name at once (instances sharing a database), exactly one gets true.
   */
  insert(record: SessionRecord): Promise<boolean>;
  /** Deletes the record and every row of the session (chats, messages, auth state, ...). */
  delete(name: string): Promise<void>;
}

/**
 * The store: one database for all sessions, the session leading every key. Every write is
 * durable when its promise resolves; every read reflects all writes that resolved before it.
 */
export interface Store {
  /**
   * Applies domain events of a session in order, in one transaction. Idempotent: applying the
   * same events again changes nothing. A message's ack never goes down. A large list (history
   * sync) is written in bounded units with event-loop turns between them and committed in bounded
   * transactions; reads made meanwhile may see its first units. The promise resolves once all of it
   * is durable, and rejects with `WA_STORE_FAILURE` (the open transaction rolled back) on failure.
   *
   * Each change a client is told about (a new message, a risen ack of an own message, an archive
   * flag that flipped, a status change, ...) writes an {@link OutboxEvent} in the same transaction;
   * the result lists them. History (`history.batch` and effects marked `history`) and replays write
   * none.
   */
  apply(session: string, events: DomainEvent | readonly DomainEvent[]): Promise<ApplyResult>;

  /** GET /chats: active chats, sorted and paginated (`merge` folds LID chats into PN chats). */
  listChats(session: string, query: ChatsQuery): Promise<Chat[]>;
  /** The chats overview rows: active non-broadcast chats, last activity first. */
  overview(session: string, query: OverviewQuery): Promise<OverviewRow[]>;
  /** A chat by id (either form), or null. */
  getChat(session: string, chatId: ChatId): Promise<Chat | null>;

  /**
   * A chat's displayable messages (or every chat's for `all`), filtered before pagination.
   * With `merge`, the messages of the PN chat and its LID chats together.
   */
  listMessages(
    session: string,
    chatId: ChatId | "all",
    query: MessagesQuery,
  ): Promise<StoredMessage[]>;
  /**
   * The stored JSON texts of the `message` (WAMessage) of exactly the page `listMessages` returns,
   * in its order: for callers that send them on unchanged, skipping the parse and re-serialize.
   */
  listMessagesJson(
    session: string,
    chatId: ChatId | "all",
    query: MessagesQuery,
  ): Promise<string[]>;
  /**
   * `listMessagesJson`'s page as one JSON array text and its length: the body of a messages page
   * read in one piece, without a string per message.
   */
  listMessagesJsonArray(
    session: string,
    chatId: ChatId | "all",
    query: MessagesQuery,
  ): Promise<JsonArrayText>;
  /** One message by full key or bare id, within a chat (or `all`), or null. */
  getMessage(
    session: string,
    chatId: ChatId | "all",
    ref: MessageRef,
  ): Promise<StoredMessage | null>;
  /** The newest message of a chat, displayable or not, or null (engines anchor chat changes on it). */
  getNewestMessage(session: string, chatId: ChatId): Promise<StoredMessage | null>;

  /** A contact by id, or null. */
  getContact(session: string, id: ChatId): Promise<Contact | null>;
  /** The phone-number id of a `@lid`, or undefined. */
  resolveLid(session: string, lid: ChatId): Promise<ChatId | undefined>;
  /** Row counts of a session. */
  counts(session: string): Promise<StoreCounts>;

  /** Session records. */
  readonly sessions: SessionRepository;
  /** The events `apply` wrote and their delivery state. */
  readonly outbox: Outbox;
  /** The engine auth state (credentials, keys) of a session. */
  authState(session: string): AuthStateStore;

  /** Closes the database. */
  close(): Promise<void>;
}
