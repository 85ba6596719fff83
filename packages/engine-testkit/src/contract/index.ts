/**
 * @module `runEngineContract`: the shared engine contract suite (style T1–T6). It probes the
 * engine's capabilities once, then registers every `*.case.ts` group; cases an engine cannot run
 * are skipped with the reason in their title.
 */
import { WaError } from "@wa/core";
import { describe, it } from "vitest";
import { DEFAULT_WAIT_MS } from "../recording/wait-for.ts";
import { capabilityCases } from "./capabilities.case.ts";
import { chatCases } from "./chats.case.ts";
import { commandCases } from "./commands.case.ts";
import { errorCases } from "./errors.case.ts";
import { historyCases } from "./history.case.ts";
import { lifecycleCases } from "./lifecycle.case.ts";
import { mediaCases } from "./media.case.ts";
import { messageCases } from "./messages.case.ts";
import { runCase } from "./run.ts";
import {
  type CaseRegistry,
  CONTRACT_GROUPS,
  type ContractGroup,
  type EngineContractOptions,
} from "./types.ts";

const GROUPS: Record<ContractGroup, (registry: CaseRegistry) => void> = {
  lifecycle: lifecycleCases,
  history: historyCases,
  messages: messageCases,
  media: mediaCases,
  chats: chatCases,
  commands: commandCases,
  capabilities: capabilityCases,
  errors: errorCases,
};

/** Registers the contract suite for one engine (call it at the top level of a `*.test.ts`). */
export function runEngineContract(options: EngineContractOptions): void {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
  const skipReasons = indexSkips(options);
  const used = new Set<string>();

  describe(`engine contract: ${options.name}`, async () => {
    const probe = await options.create();
    await probe.engine.stop();
    await probe.cleanup?.();
    for (const group of CONTRACT_GROUPS) {
      if (options.only && !options.only.includes(group)) continue;
      describe(group, () => {
        GROUPS[group]({
          engineName: options.name,
          capabilities: probe.engine.capabilities,
          probeWorld: probe.world,
          case(title, body, caseOptions = {}) {
            used.add(title);
            const missing = (caseOptions.needs ?? []).filter(
              (key) => !probe.engine.capabilities[key],
            );
            const reason =
              skipReasons.get(title) ??
              (missing.length > 0 ? `${options.name} lacks ${missing.join(", ")}` : null) ??
              caseOptions.skipReason ??
              null;
            if (reason !== null) return it.skip(`${title} (skipped: ${reason})`, () => {});
            it(title, () => runCase(options.create, timeoutMs, body), timeoutMs * 4 + 5_000);
          },
        });
      });
    }
    // Vitest collects nested groups after this callback returns, so the case titles are only all
    // known once tests run: check the skip list in a test of its own.
    if (!options.only && skipReasons.size > 0) {
      it("the skip list names only existing cases", () => assertSkipsExist(skipReasons, used));
    }
  });
}

export type {
  CaseRun,
  ContractGroup,
  ContractSkip,
  EngineContractOptions,
  EngineHarness,
} from "./types.ts";
export { CONTRACT_GROUPS } from "./types.ts";

// --- internal ---

function indexSkips(options: EngineContractOptions): Map<string, string> {
  const reasons = new Map<string, string>();
  for (const skip of options.skip ?? []) {
    if (!skip.reason.trim())
      throw new WaError("WA_VALIDATION_FAILED", `skip of ${skip.tests.join(", ")} needs a reason.`);
    for (const title of skip.tests) reasons.set(title, skip.reason);
  }
  return reasons;
}

/** A typo in the skip list would silently run (or never skip) a case; fail loudly instead. */
function assertSkipsExist(reasons: Map<string, string>, used: Set<string>): void {
  const unknown = [...reasons.keys()].filter((title) => !used.has(title));
  if (unknown.length > 0)
    throw new WaError(
      "WA_VALIDATION_FAILED",
      `the skip list names unknown cases: ${unknown.join("; ")}`,
    );
}
