/** @module `@wa/engine-testkit`: the shared engine contract suite and the memory reference engine. */

export { CONTRACT_SEED } from "./contract/fixture.ts";
export type {
  CaseRun,
  ContractGroup,
  ContractSkip,
  EngineContractOptions,
  EngineHarness,
} from "./contract/index.ts";
export { CONTRACT_GROUPS, runEngineContract } from "./contract/index.ts";
export {
  capabilities as memoryCapabilities,
  ENGINE_NAME as MEMORY_ENGINE_NAME,
} from "./memory/capabilities.ts";
export { CREDS_KEY as MEMORY_CREDS_KEY } from "./memory/connection.ts";
export type { MemoryEngineOptions } from "./memory/engine.ts";
export { createMemoryEngine } from "./memory/engine.ts";
export {
  clearMemoryWorlds,
  deleteMemoryWorld,
  getMemoryWorld,
  memoryAccountOf,
} from "./memory/registry.ts";
export type { MemoryWorld, MemoryWorldOptions } from "./memory/world.ts";
export { createMemoryWorld } from "./memory/world.ts";
export type { MemoryAuthStateStore } from "./recording/auth-state.ts";
export { createMemoryAuthStateStore } from "./recording/auth-state.ts";
export type {
  EventOf,
  RecordingContext,
  RecordingContextOptions,
} from "./recording/context.ts";
export { createRecordingContext } from "./recording/context.ts";
export type { MessageIndex } from "./recording/message-index.ts";
export { createMessageIndex } from "./recording/message-index.ts";
export type { WaitForOptions } from "./recording/wait-for.ts";
export { DEFAULT_WAIT_MS, waitFor } from "./recording/wait-for.ts";
export type {
  HistorySeed,
  SeedChat,
  SeedMessage,
  SentRecord,
  WorldChatState,
  WorldControl,
} from "./world.ts";
