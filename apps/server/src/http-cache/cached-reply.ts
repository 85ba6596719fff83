/**
 * @module Answers a GET read from the response cache: a hit sends the stored bytes (or 304 when
 * `If-None-Match` names them), a miss computes, serializes and stores the body unless the session
 * changed meanwhile. `Cache-Control: no-cache` (or `no-store`) computes a fresh body and leaves
 * the cache alone. Call it only after validation and the session check, so errors never hit it.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { serializeStoreJson } from "./json.ts";
import type { CachedResponse, ResponseCache } from "./response-cache.ts";

/** Fastify's own content type of JSON bodies, so cached answers look like any other. */
const JSON_TYPE = "application/json; charset=utf-8";

/** Where a cached read goes: the session, and a key for the route with its normalized input. */
export interface CacheSlot {
  session: string;
  key: string;
}

/** Sends the cached body of `slot`, or computes it with `read` (store data only, see json.ts). */
export async function replyCached(
  cache: ResponseCache,
  request: FastifyRequest,
  reply: FastifyReply,
  slot: CacheSlot,
  read: () => Promise<unknown>,
): Promise<FastifyReply> {
  if (!cache.enabled || bypassesCache(request)) {
    return reply.type(JSON_TYPE).send(serializeStoreJson(await read()));
  }
  const hit = cache.get(slot.session, slot.key);
  if (hit) return sendEntry(request, reply, hit);
  // Captured before the read: a write meanwhile moves it on and the body is not stored.
  const generation = cache.generation(slot.session);
  const text = serializeStoreJson(await read());
  const entry = cache.set(slot.session, slot.key, generation, Buffer.from(text));
  return entry ? sendEntry(request, reply, entry) : reply.type(JSON_TYPE).send(text);
}

/** Whether the client asked for a fresh answer (`Cache-Control: no-cache` / `no-store`). */
export function bypassesCache(request: FastifyRequest): boolean {
  const header = request.headers["cache-control"];
  return typeof header === "string" && /\bno-(cache|store)\b/i.test(header);
}

// --- internal ---

function sendEntry(
  request: FastifyRequest,
  reply: FastifyReply,
  entry: CachedResponse,
): FastifyReply {
  reply.header("etag", entry.etag);
  if (matchesEtag(request.headers["if-none-match"], entry.etag)) return reply.code(304).send();
  return reply.type(JSON_TYPE).send(entry.body);
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(",")
    .some((tag) => tag.trim().replace(/^W\//, "") === etag || tag.trim() === "*");
}

/** A cache key: the route's name and its normalized inputs (parsed queries, normalized ids). */
export function cacheKey(route: string, ...inputs: unknown[]): string {
  return `${route}\u0000${JSON.stringify(inputs)}`;
}
