/** @module Server configuration from the environment (WAHA's variable names where they exist). */
import { generateApiKey, isWeakApiKey } from "./auth.ts";

/** The resolved configuration. */
export interface ServerConfig {
  port: number;
  host: string;
  /** Where the SQLite store lives (`WA_DATA_DIR`). */
  dataDir: string;
  /** The API key, or null when authentication is disabled. */
  apiKey: string | null;
  /** True when the key was generated because none (or a weak one) was set; print it once. */
  apiKeyGenerated: boolean;
  /** Paths left open (`WHATSAPP_API_KEY_EXCLUDE_PATH` / `WAHA_API_KEY_EXCLUDE_PATH`, comma-separated). */
  apiKeyExcludePaths: string[];
  /** Lower-case default engine name. */
  defaultEngine: string;
  /** Delay between restoring two sessions after a restart, in ms. */
  restoreStaggerMs: number;
}

/** Reads the configuration; a missing or weak API key is replaced by a generated one. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const configuredKey = env.WAHA_API_KEY ?? env.WHATSAPP_API_KEY;
  const noKey = env.WAHA_NO_API_KEY?.toLowerCase() === "true";
  const generated = !noKey && isWeakApiKey(configuredKey);
  return {
    port: toPort(env.PORT ?? env.WHATSAPP_API_PORT, 3000),
    host: env.HOST || env.WHATSAPP_API_HOSTNAME || "0.0.0.0",
    dataDir: env.WA_DATA_DIR || "./.sessions",
    apiKey: noKey ? null : generated ? generateApiKey() : (configuredKey ?? "").trim(),
    apiKeyGenerated: generated,
    apiKeyExcludePaths: (env.WHATSAPP_API_KEY_EXCLUDE_PATH ?? env.WAHA_API_KEY_EXCLUDE_PATH ?? "")
      .split(",")
      .map((path) => path.trim())
      .filter((path) => path !== ""),
    defaultEngine: (env.WHATSAPP_DEFAULT_ENGINE || "noweb").toLowerCase(),
    restoreStaggerMs: toPort(env.WA_RESTORE_STAGGER_MS, 1000),
  };
}

// --- internal ---

function toPort(value: string | undefined, fallback: number): number {
  const number = Number(value);
  return value && Number.isInteger(number) && number >= 0 ? number : fallback;
}
