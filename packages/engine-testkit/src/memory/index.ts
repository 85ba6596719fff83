/**
 * @module `@wa/engine-testkit/memory`: the memory engine, its worlds and the session registry,
 * without the contract suite, so server code can use it without loading vitest.
 */

export type {
  HistorySeed,
  SeedChat,
  SeedMessage,
  SentRecord,
  WorldChatState,
  WorldControl,
} from "../world.ts";
export {
  capabilities as memoryCapabilities,
  ENGINE_NAME as MEMORY_ENGINE_NAME,
} from "./capabilities.ts";
export { CREDS_KEY as MEMORY_CREDS_KEY } from "./connection.ts";
export type { MemoryEngineOptions } from "./engine.ts";
export { createMemoryEngine } from "./engine.ts";
export {
  clearMemoryWorlds,
  deleteMemoryWorld,
  getMemoryWorld,
  memoryAccountOf,
} from "./registry.ts";
export type { MemoryWorld, MemoryWorldOptions } from "./world.ts";
export { createMemoryWorld } from "./world.ts";
