/** @module Contract cases: the capability table is complete, matches the methods (K3), and the runtime guards it. */
import { CAPABILITY_KEYS, CAPABILITY_METHODS, createEngineRuntime } from "@wa/core";
import { expect } from "vitest";
import { expectWaError } from "./expect.ts";
import type { CaseRegistry } from "./types.ts";

/** Registers the capability cases. */
export function capabilityCases(registry: CaseRegistry): void {
  registry.case("the capability table is complete", async ({ engine }) => {
    expect(Object.keys(engine.capabilities).sort()).toEqual([...CAPABILITY_KEYS].sort());
    for (const key of CAPABILITY_KEYS) expect(typeof engine.capabilities[key], key).toBe("boolean");
  });

  registry.case("the required members exist", async ({ engine }) => {
    expect(engine.info.name).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(engine.info.library.length).toBeGreaterThan(0);
    for (const method of ["start", "stop", "logout", "sendText", "sendSeen"] as const)
      expect(typeof engine[method], method).toBe("function");
  });

  for (const key of CAPABILITY_KEYS) {
    const method = CAPABILITY_METHODS[key];
    registry.case(
      `${key}: the flag is true if and only if ${method} exists`,
      async ({ engine }) => {
        expect(typeof engine[method] === "function").toBe(engine.capabilities[key]);
      },
    );
    registry.case(
      `${key}: when false, the runtime answers WA_ENGINE_UNSUPPORTED`,
      async ({ engine }) => {
        const runtime = createEngineRuntime(engine);
        expect(runtime.supports(key)).toBe(false);
        await expectWaError(
          runtime.call(key, async () => expect.unreachable(`${method} must not be called`)),
          "WA_ENGINE_UNSUPPORTED",
        );
      },
      { skipReason: registry.capabilities[key] ? `${registry.engineName} supports ${key}` : null },
    );
  }
}
