/** @module The contract suite on the memory reference engine: if this fails, the suite is wrong. */
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

/** The suite's skip paths: capabilities turned off must skip their cases and answer 501 through the runtime. */
runEngineContract({
  name: "memory without delete and pairing code",
  create: async () => {
    const world = createMemoryWorld();
    return {
      engine: createMemoryEngine({
        world,
        disable: ["chats.delete", "messages.delete", "auth.pairing-code"],
      }),
      world,
    };
  },
  only: ["chats", "capabilities", "lifecycle"],
});
