/** @module The world types, defined in `@wa/core` (the published sandbox uses them) and re-exported here. */
export type {
  HistorySeed,
  SeedChat,
  SeedMedia,
  SeedMessage,
  SentRecord,
  WorldChatState,
  WorldControl,
} from "@wa/core";
