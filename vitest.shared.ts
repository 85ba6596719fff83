/** @module Settings every package's vitest project shares: read sources through the `@wa/source` export condition. */
import type { ViteUserConfig } from "vitest/config";

// No "module": Node never uses it, and it points some packages (the AWS SDK) at builds meant for
// bundlers, whose extensionless imports Node cannot load. Tests resolve as the server runs.
const SOURCE_CONDITIONS = ["@wa/source", "import", "node", "default"];

export const sharedProjectConfig = {
  resolve: { conditions: SOURCE_CONDITIONS },
  ssr: { resolve: { conditions: SOURCE_CONDITIONS, externalConditions: ["@wa/source"] } },
} satisfies ViteUserConfig;
