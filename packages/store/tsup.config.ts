import { defineConfig } from "tsup";
import { tsupBase } from "../../tsup.base.ts";

export default defineConfig({
  ...tsupBase,
  entry: { index: "src/index.ts", testing: "src/contract/index.ts" },
  // The contract suite imports vitest; consumers bring their own (optional peer dependency).
  external: ["vitest"],
});
