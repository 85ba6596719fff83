import { defineProject, mergeConfig } from "vitest/config";
import { sharedProjectConfig } from "../../vitest.shared.ts";

export default mergeConfig(
  sharedProjectConfig,
  defineProject({
    // Contract case files only run through the `*.contract.test.ts` that composes them.
    test: { name: "@wa/store", exclude: ["**/node_modules/**", "**/dist/**", "**/*.case.ts"] },
  }),
);
