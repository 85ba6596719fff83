/**
 * @module API-key authentication (waha-compat §8): `X-Api-Key` header or `?x-api-key=` on every
 * `/api` route and `/health`, plain or `sha512:<hex>` keys, compared in constant time.
 */
import { createHash, hash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { WaError } from "@wa/core";
import type { FastifyInstance } from "fastify";

/** Values WAHA treats as "no real key" and replaces with a generated one. */
export const WEAK_API_KEYS = ["", "123", "321", "waha", "admin", "0".repeat(32), "1".repeat(32)];

const SHA512_PREFIX = "sha512:";
const PROTECTED_PATH = /^\/(api|health|engine)(\/|\?|$)/;

/** Whether a configured key is missing or one of WAHA's weak values (plain or hashed). */
export function isWeakApiKey(key: string | undefined): boolean {
  if (key === undefined) return true;
  const value = key.trim();
  if (WEAK_API_KEYS.includes(value)) return true;
  return WEAK_API_KEYS.some((weak) => value.toLowerCase() === `${SHA512_PREFIX}${sha512Hex(weak)}`);
}

/** A strong random key, printed once at start-up when none (or a weak one) is configured. */
export const generateApiKey = (): string => randomBytes(24).toString("hex");

/** Builds a constant-time checker for a plain or `sha512:<hex>` key. */
export function createApiKeyCheck(configured: string): (provided: unknown) => boolean {
  if (!configured.startsWith(SHA512_PREFIX) && Buffer.byteLength(configured) <= PADDED_BYTES) {
    return paddedCheck(configured);
  }
  const expected = configured.startsWith(SHA512_PREFIX)
    ? Buffer.from(configured.slice(SHA512_PREFIX.length).toLowerCase(), "hex")
    : createHash("sha512").update(configured).digest();
  return (provided) => {
    if (typeof provided !== "string" || provided === "") return false;
    // One-shot hashing: no Hash object per request (the configured digest is computed once).
    const digest = hash("sha512", provided, "buffer");
    return digest.length === expected.length && timingSafeEqual(digest, expected);
  };
}

/**
 * Adds the auth hook; `apiKey === null` disables authentication (`WAHA_NO_API_KEY=true`).
 * `excludePaths` (`WHATSAPP_API_KEY_EXCLUDE_PATH`) are exact paths left open.
 */
export function registerAuth(
  app: FastifyInstance,
  apiKey: string | null,
  excludePaths: readonly string[] = [],
): void {
  if (apiKey === null) return;
  const check = createApiKeyCheck(apiKey);
  const excluded = new Set(excludePaths.map((path) => `/${path.trim().replace(/^\/+|\/+$/g, "")}`));
  // A callback hook, not an async one: it runs on every request, and a promise per request
  // is measurable on the cached reads.
  app.addHook("onRequest", (request, _reply, done) => {
    // Decide on the matched route, not the raw URL, so no spelling of a path slips past.
    const path = request.routeOptions.url ?? request.url.split("?")[0] ?? "";
    const open =
      !PROTECTED_PATH.test(path) ||
      excluded.has(path.replace(/\/+$/, "")) ||
      check(providedApiKey(request.headers, () => request.query));
    done(open ? undefined : new WaError("WA_AUTH_UNAUTHORIZED"));
  });
}

/**
 * The key a request carries: the `X-Api-Key` header, else the last `x-api-key` of the parsed
 * query (read only when there is no header). Shared with the cache hits answered before Fastify.
 */
export function providedApiKey(headers: IncomingHttpHeaders, query: () => unknown): unknown {
  const header = headers["x-api-key"];
  if (typeof header === "string") return header;
  const value = (query() as Record<string, unknown> | undefined)?.["x-api-key"];
  return Array.isArray(value) ? value.at(-1) : value;
}

// --- internal ---

/** Plain keys up to this many bytes are compared padded to it, with no hashing per request. */
const PADDED_BYTES = 256;

/**
 * A plain key compared in constant time without hashing: both sides are written zero-padded into
 * buffers of one fixed size, so the comparison takes as long whatever the key or its length;
 * the lengths are compared after it (a NUL-padded guess matches the bytes but not the length).
 */
function paddedCheck(configured: string): (provided: unknown) => boolean {
  const expected = Buffer.alloc(PADDED_BYTES);
  const expectedLength = expected.write(configured);
  const scratch = Buffer.alloc(PADDED_BYTES);
  return (provided) => {
    if (typeof provided !== "string" || provided === "") return false;
    const length = Buffer.byteLength(provided);
    if (length > PADDED_BYTES) return false;
    scratch.fill(0);
    scratch.write(provided);
    const same = timingSafeEqual(scratch, expected);
    return same && length === expectedLength;
  };
}

function sha512Hex(value: string): string {
  return createHash("sha512").update(value).digest("hex");
}
