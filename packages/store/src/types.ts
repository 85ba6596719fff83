/** @module The `Store` interface every persistence backend implements (SQLite now, PostgreSQL later). */
import type {
  AuthStateStore,
  Chat,
  ChatId,
  ChatsQuery,
  Contact,
  DomainEvent,
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

/** Row counts of one session, for tests and benchmarks. */
export interface StoreCounts {
  chats: number;
  messages: number;
  contacts: number;
  lidMappings: number;
}

/** Session records: one per session name. */
export interface SessionRepository {
  get(name: string): Promise<SessionRecord | null>;
  list(): Promise<SessionRecord[]>;
  /** Inserts or replaces a record. */
  put(record: SessionRecord): Promise<void>;
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
   */
  apply(session: string, events: DomainEvent | readonly DomainEvent[]): Promise<void>;

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
  /** The engine auth state (credentials, keys) of a session. */
  authState(session: string): AuthStateStore;

  /** Closes the database. */
  close(): Promise<void>;
}
