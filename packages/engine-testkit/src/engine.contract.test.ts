/** @module The contract suite on the memory reference engine: if this fails, the suite is wrong. */
import { CAPABILITY_KEYS, CAPABILITY_METHODS, type CapabilityKey } from "@wa/core";
import { describe, expect, it } from "vitest";
import { runEngineContract } from "./contract/index.ts";
import { createMemoryEngine } from "./memory/engine.ts";
import { createMemoryWorld } from "./memory/world.ts";

runEngineContract({
  name: "memory",
  create: async () => {
    const world = createMemoryWorld();
    return { engine: createMemoryEngine({ world }), world };
  },
});

/**
 * The suite's skip paths and chunked history: capabilities turned off must skip their cases and
 * answer 501 through the runtime; a named skip must skip its case (and is checked to exist);
 * history in batches of 2 must still match the seed.
 */
runEngineContract({
  name: "memory, some capabilities off, a named skip, history in batches of 2",
  create: async () => {
    const world = createMemoryWorld();
    const disable: CapabilityKey[] = ["chats.delete", "messages.delete", "auth.pairing-code"];
    return { engine: createMemoryEngine({ world, disable, historyBatchSize: 2 }), world };
  },
  skip: [{ reason: "proves the named skip list works", tests: ["stop is idempotent"] }],
});

describe("memory engine: disable option", () => {
  it("sets the flags false and removes the methods, keeping the rest", () => {
    const engine = createMemoryEngine({ disable: ["chats.delete", "messages.pin"] });
    expect(engine.capabilities["chats.delete"]).toBe(false);
    expect(engine.capabilities["messages.pin"]).toBe(false);
    expect(engine.deleteChat).toBeUndefined();
    expect(engine.pinMessage).toBeUndefined();
    expect(engine.capabilities["chats.archive"]).toBe(true);
    expect(typeof engine.archiveChat).toBe("function");
  });

  it("supports every capability by default", () => {
    const engine = createMemoryEngine();
    for (const key of CAPABILITY_KEYS) {
      expect(engine.capabilities[key], key).toBe(true);
      expect(typeof engine[CAPABILITY_METHODS[key]], key).toBe("function");
    }
  });

  it("rejects unknown capability keys", () => {
    expect(() => createMemoryEngine({ disable: ["chats.nope" as CapabilityKey] })).toThrowError(
      /unknown capability 'chats.nope'/,
    );
  });
});
