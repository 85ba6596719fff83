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
  clearMemoryWorlds,
  createMemoryEngine,
  createMemoryWorld,
  deleteMemoryWorld,
  getMemoryWorld,
  MEMORY_CREDS_KEY,
  MEMORY_ENGINE_NAME,
  type MemoryEngineOptions,
  type MemoryWorld,
  type MemoryWorldOptions,
  memoryAccountOf,
  memoryCapabilities,
} from "./memory/index.ts";
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
  SeedMedia,
  SeedMessage,
  SentRecord,
  WorldChatState,
  WorldControl,
} from "./world.ts";
