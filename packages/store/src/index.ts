/** @module `@wa/store`: persistence for chats, messages, contacts, sessions and engine auth state. */
export type { OverviewRow, SessionRepository, Store, StoreCounts } from "./types.ts";
