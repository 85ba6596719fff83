/** @module Root vitest config: current vitest ignores vitest.workspace.ts, so the project list is imported here. */
import { defineConfig } from "vitest/config";
import { projects } from "./vitest.workspace.ts";

export default defineConfig({
  test: { projects },
});
