import { defineConfig } from "tsup";
import { tsupBase } from "../../tsup.base.ts";

// `bin` is the `wa-sandbox` executable (tsup keeps its shebang and makes it executable).
export default defineConfig({ ...tsupBase, entry: { index: "src/index.ts", bin: "src/bin.ts" } });
