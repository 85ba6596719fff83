/** @module The public shapes of the contract suite: harness, options, groups and what cases receive. */
import type { CapabilityKey, EngineCapabilities, WaEngine } from "@wa/core";
import type { RecordingContext } from "../recording/context.ts";
import type { HistorySeed, WorldControl } from "../world.ts";

/** The groups of cases, one `*.case.ts` file each. */
export const CONTRACT_GROUPS = [
  "lifecycle",
  "history",
  "messages",
  "media",
  "chats",
  "commands",
  "capabilities",
  "errors",
] as const;

/** One of {@link CONTRACT_GROUPS}. */
export type ContractGroup = (typeof CONTRACT_GROUPS)[number];

/** A fresh engine and the world behind it. */
export interface EngineHarness {
  engine: WaEngine;
  /** The world, empty or seeded; the suite seeds it again before starting the engine. */
  world: WorldControl;
  /** Releases the world (simulator sockets, browsers); called after the engine is stopped. */
  cleanup?: () => Promise<void>;
}

/** Known deviations, by exact case title, with the reason shown in the skipped test's name. */
export interface ContractSkip {
  reason: string;
  tests: string[];
}

/** Options of `runEngineContract`. */
export interface EngineContractOptions {
  /** The engine's name, in suite and skip titles. */
  name: string;
  /** Makes a fresh harness; called once per case, and once up front to read the capabilities. */
  create: () => Promise<EngineHarness>;
  skip?: ContractSkip[];
  /** Runs only these groups. @default every group */
  only?: ContractGroup[];
  /** The bound of each wait; a case may wait several times. @default 10000 */
  timeoutMs?: number;
}

/** What a case body receives: a fresh harness and bounded helpers. */
export interface CaseRun {
  readonly engine: WaEngine;
  readonly world: WorldControl;
  readonly timeoutMs: number;
  /** A bounded {@link waitFor} with the suite's timeout. */
  waitFor<T>(predicate: () => T | Promise<T>, description: string): Promise<NonNullable<T>>;
  /** Seeds the world, starts the engine on a new recording context and waits for the first QR. */
  startUnpaired(seed?: HistorySeed): Promise<{ recording: RecordingContext; qr: string }>;
  /** Like {@link startUnpaired}, then scans the QR and waits for WORKING and the seeded history. */
  startPaired(seed?: HistorySeed): Promise<RecordingContext>;
}

/** Per-case options. */
export interface CaseOptions {
  /** Capabilities the case needs; it is skipped (reason in the title) when one is false. */
  needs?: CapabilityKey[];
  /** A reason to skip this case, decided from the probed harness; null runs it. */
  skipReason?: string | null;
}

/** What a `*.case.ts` file registers its cases on. */
export interface CaseRegistry {
  readonly engineName: string;
  readonly capabilities: EngineCapabilities;
  /** The probed world (read-only use: feature detection such as `enterPairingCode`). */
  readonly probeWorld: WorldControl;
  case(title: string, body: (run: CaseRun) => Promise<void>, options?: CaseOptions): void;
}
