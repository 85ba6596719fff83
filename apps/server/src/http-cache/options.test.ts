import { describe, expect, it } from "vitest";
import { httpCacheFromEnv } from "./options.ts";
import { DEFAULT_RESPONSE_CACHE } from "./response-cache.ts";

describe("httpCacheFromEnv", () => {
  it("defaults without variables", () => {
    expect(httpCacheFromEnv({})).toEqual(DEFAULT_RESPONSE_CACHE);
  });

  it.each(["off", "OFF", "false", "0", "no"])("WA_HTTP_CACHE=%s disables the cache", (value) => {
    expect(httpCacheFromEnv({ WA_HTTP_CACHE: value })).toBe(false);
  });

  it("reads the bounds; bad numbers keep the defaults", () => {
    expect(
      httpCacheFromEnv({
        WA_HTTP_CACHE: "on",
        WA_HTTP_CACHE_MAX_MB: "1.5",
        WA_HTTP_CACHE_MAX_ENTRIES: "10",
        WA_HTTP_CACHE_MAX_AGE_MS: "500",
      }),
    ).toEqual({ maxBytes: 1572864, maxEntries: 10, maxAgeMs: 500 });
    expect(
      httpCacheFromEnv({ WA_HTTP_CACHE_MAX_MB: "lots", WA_HTTP_CACHE_MAX_ENTRIES: "-3" }),
    ).toEqual(DEFAULT_RESPONSE_CACHE);
  });
});
