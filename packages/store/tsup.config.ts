import { defineConfig } from "tsup";
import { tsupBase } from "../../tsup.base.ts";

export default defineConfig({
  ...tsupBase,
  // The ingest worker is its own file: the store starts it as `./ingest-worker.js` beside index.js.
  entry: {
    index: "src/index.ts",
    testing: "src/contract/index.ts",
    "ingest-worker": "src/sqlite/ingest-worker.ts",
    postgres: "src/postgres/index.ts",
  },
  // The contract suite imports vitest; consumers bring their own (optional peer dependency).
  external: ["vitest"],
});
