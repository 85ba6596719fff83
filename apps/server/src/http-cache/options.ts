/**
 * @module The response cache's settings from the environment: `WA_HTTP_CACHE=off` disables it,
 * `WA_HTTP_CACHE_MAX_MB`, `WA_HTTP_CACHE_MAX_ENTRIES` and `WA_HTTP_CACHE_MAX_AGE_MS` bound it.
 */
import { DEFAULT_RESPONSE_CACHE, type ResponseCacheOptions } from "./response-cache.ts";

/** What `buildApp` accepts: bounds, or `false` for no cache. */
export type HttpCacheSetting = Partial<ResponseCacheOptions> | false;

/** Reads the setting; unset or unparsable numbers keep their defaults. */
export function httpCacheFromEnv(env: NodeJS.ProcessEnv = process.env): HttpCacheSetting {
  const switchValue = (env.WA_HTTP_CACHE ?? "").trim().toLowerCase();
  if (["off", "false", "0", "no"].includes(switchValue)) return false;
  const megabytes = positive(env.WA_HTTP_CACHE_MAX_MB);
  return {
    maxBytes:
      megabytes === undefined ? DEFAULT_RESPONSE_CACHE.maxBytes : Math.round(megabytes * 1048576),
    maxEntries: positive(env.WA_HTTP_CACHE_MAX_ENTRIES) ?? DEFAULT_RESPONSE_CACHE.maxEntries,
    maxAgeMs: positive(env.WA_HTTP_CACHE_MAX_AGE_MS) ?? DEFAULT_RESPONSE_CACHE.maxAgeMs,
  };
}

// --- internal ---

function positive(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const number = Number(value);
  return Number.isFinite(number) && number > 0 ? number : undefined;
}
