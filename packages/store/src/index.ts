/** @module `@wa/store`: persistence for chats, messages, contacts, sessions and engine auth state. */

export { MIGRATIONS, type Migration } from "./sqlite/migrations.ts";
export { createSqliteStore, type SqliteStoreOptions } from "./sqlite/store.ts";
export type {
  ApplyResult,
  DeliveryOutcome,
  DeliveryQuery,
  DeliveryRecord,
  DeliveryStatus,
  JsonArrayText,
  Outbox,
  OutboxEvent,
  OverviewRow,
  PendingDelivery,
  RetentionPolicy,
  SessionRepository,
  Store,
  StoreCounts,
} from "./types.ts";
