/** @module `@wa/engine-testkit`: the shared engine contract suite and the memory reference engine. */
export type {
  HistorySeed,
  SeedChat,
  SeedMessage,
  SentRecord,
  WorldChatState,
  WorldControl,
} from "./world.ts";
