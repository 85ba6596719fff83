/** @module Settings every package's vitest project shares: read sources through the `@wa/source` export condition. */
import type { ViteUserConfig } from "vitest/config";

const SOURCE_CONDITIONS = ["@wa/source", "import", "module", "node", "default"];

export const sharedProjectConfig = {
  resolve: { conditions: SOURCE_CONDITIONS },
  ssr: { resolve: { conditions: SOURCE_CONDITIONS, externalConditions: ["@wa/source"] } },
} satisfies ViteUserConfig;
