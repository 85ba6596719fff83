import { defineConfig } from "tsup";
import { tsupBase } from "../../tsup.base.ts";

export default defineConfig({
  ...tsupBase,
  // The worker threads are files of their own: the store starts `./ingest-worker.js` beside
  // index.js, which starts `./checkpoint-worker.js`.
  entry: {
    index: "src/index.ts",
    testing: "src/contract/index.ts",
    "ingest-worker": "src/sqlite/ingest-worker.ts",
    "checkpoint-worker": "src/sqlite/checkpoint-worker.ts",
    postgres: "src/postgres/index.ts",
  },
  // The contract suite imports vitest; consumers bring their own (optional peer dependency).
  external: ["vitest"],
});
