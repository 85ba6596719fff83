/**
 * @module `createMemoryEngine`: the reference `WaEngine` over an in-memory world. It supports every
 * capability, emits the domain events a real engine emits, and serves as the server's test double.
 */
import type { CapabilityKey, WaEngine } from "@wa/core";
import { capabilitiesWithout, ENGINE_NAME, withoutDisabledMethods } from "./capabilities.ts";
import { createMemoryCommands } from "./commands.ts";
import { createMemoryConnection } from "./connection.ts";
import { createMemoryMedia } from "./media.ts";
import type { MemoryWorld } from "./world.ts";

/** Options of {@link createMemoryEngine}. */
export interface MemoryEngineOptions {
  /** The world to connect to. @default the registry's world of the session (`getMemoryWorld(context.session)`) */
  world?: MemoryWorld;
  /** Pair without a QR when there are no credentials (the phone "scans" at once). @default false */
  autoPair?: boolean;
  /** Capabilities to turn off: the flag becomes false and the method disappears. @default [] */
  disable?: CapabilityKey[];
  /** How often a new QR is shown while waiting for pairing, in ms; 0 never refreshes. @default 20000 */
  qrRefreshMs?: number;
  /** Messages per `history.batch` after pairing (each emit is awaited: the store's back-pressure). @default 1000 */
  historyBatchSize?: number;
}

const DEFAULT_QR_REFRESH_MS = 20_000;
const DEFAULT_HISTORY_BATCH_SIZE = 1000;

/** Creates a memory engine (an `EngineFactory<MemoryEngineOptions>`); see {@link MemoryEngineOptions}. */
export const createMemoryEngine = (options: MemoryEngineOptions = {}): WaEngine => {
  const table = capabilitiesWithout(options.disable ?? []);
  const connection = createMemoryConnection({
    ...(options.world ? { world: options.world } : {}),
    autoPair: options.autoPair ?? false,
    qrRefreshMs: options.qrRefreshMs ?? DEFAULT_QR_REFRESH_MS,
    historyBatchSize: options.historyBatchSize ?? DEFAULT_HISTORY_BATCH_SIZE,
  });
  const engine: WaEngine = {
    info: { name: ENGINE_NAME, library: "memory" },
    capabilities: table,
    start: (context) => connection.start(context),
    stop: () => connection.stop(),
    logout: () => connection.logout(),
    ...createMemoryCommands(connection),
    ...createMemoryMedia(connection),
    requestPairingCode: (phoneNumber) => connection.requestPairingCode(phoneNumber),
    getInstance: () => connection.world,
  };
  return withoutDisabledMethods(engine, table);
};
