/**
 * @module The origin the client called (`scheme://host[:port]`): where file URLs point without
 * `WAHA_BASE_URL`, and part of the response cache's key. A request forwarded to the session's owner
 * reaches the owner at its internal address, so the forwarding instance names the client's origin
 * in {@link CLIENT_ORIGIN_HEADER}; the owner believes it only on a forwarded request. (A client
 * could send both headers itself, as it can send any `Host`: it changes the URLs of its own
 * answers only, and of cache entries keyed by that same claimed origin.)
 */
import type { IncomingMessage } from "node:http";
import type { FastifyRequest } from "fastify";

/** Marks a forwarded request: the receiving instance never forwards it again. */
export const FORWARDED_HEADER = "x-wa-forwarded-by";

/** On a forwarded request: the origin the client called on the forwarding instance. */
export const CLIENT_ORIGIN_HEADER = "x-wa-client-origin";

/** The client's origin: the forwarding instance's claim on a forwarded request, else this one's. */
export function clientOrigin(request: FastifyRequest): string {
  return rawClientOrigin(request.raw);
}

/**
 * `clientOrigin` of a Node request, for cache hits answered before Fastify (early-hits.ts): one
 * definition for both paths, so they key the cache alike. The scheme and host are read as
 * Fastify's `request.protocol` and `request.host` read them without `trustProxy` (not set here).
 */
export function rawClientOrigin(raw: IncomingMessage): string {
  const { headers } = raw;
  if (headers[FORWARDED_HEADER] !== undefined) {
    const claimed = headers[CLIENT_ORIGIN_HEADER];
    if (typeof claimed === "string" && isHttpOrigin(claimed)) return claimed;
  }
  const scheme = (raw.socket as { encrypted?: boolean } | null)?.encrypted ? "https" : "http";
  return `${scheme}://${headers.host ?? headers[":authority"] ?? ""}`;
}

// --- internal ---

/** Only a bare `http(s)://host[:port]` goes into URLs: no path, credentials or other scheme. */
function isHttpOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === "http:" || url.protocol === "https:") && url.origin === value;
}
