import { defineConfig } from "tsup";
import { tsupBase } from "../../tsup.base.ts";

// `memory` is its own entry so server code can import the memory engine without loading vitest.
export default defineConfig({
  ...tsupBase,
  entry: { index: "src/index.ts", "memory/index": "src/memory/index.ts" },
});
