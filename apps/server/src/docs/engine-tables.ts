/** @module The capability tables of every engine the server knows, for docs/engines.md. */
import type { EngineCapabilities } from "@wa/core";
import { capabilities as nowebCapabilities } from "@wa/engine-noweb";
import { memoryCapabilities } from "@wa/engine-testkit/memory";

/** Engine name (as in `WHATSAPP_DEFAULT_ENGINE`) → capability table. */
export const ENGINE_CAPABILITY_TABLES: Record<string, EngineCapabilities> = {
  NOWEB: nowebCapabilities,
  MEMORY: memoryCapabilities,
};
