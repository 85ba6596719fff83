/**
 * @module Answers the GET reads from the response cache. A hit over HTTP is answered before
 * Fastify when it can be (early-hits.ts); otherwise in a route-level `onRequest` hook (after the
 * app's auth hook, before validation and the handler): the stored bytes, or 304 when
 * `If-None-Match` names them. A miss reaches the handler, which validates, waits for the session, computes,
 * serializes and stores the body unless the session changed meanwhile. Bodies are keyed by the
 * request's origin and raw URL: an entry exists only if that very URL passed validation and the session
 * check before, and a body depends on nothing else but the session's data, which drops it when
 * it changes. `Cache-Control: no-cache` (or `no-store`) computes a fresh body and leaves the
 * cache alone.
 */
import type { IncomingMessage } from "node:http";
import { type ChatId, isLidChat } from "@wa/core";
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from "fastify";
import { rawClientOrigin } from "../cluster/client-origin.ts";
import type { ServerContext } from "../services/context.ts";
import { serializeStoreJson } from "./json.ts";
import type { CachedResponse, ResponseCache } from "./response-cache.ts";

/** Fastify's own content type of JSON bodies, so cached answers look like any other. */
export const JSON_TYPE = "application/json; charset=utf-8";

/**
 * The route-level `onRequest` hook of a cached GET read (it runs after the app's auth hook):
 * answers a hit and skips validation and the handler; otherwise lets the request through.
 */
export function cachedHitHook(ctx: ServerContext): onRequestHookHandler {
  // A callback hook (no promise per request); answering from it means not calling `done`.
  return (request, reply, done) => {
    const hit = lookup(ctx, request);
    if (hit) sendEntry(request, reply, hit);
    else done();
  };
}

/**
 * The one chat a read of `chatId` depends on, for `replyCached`'s `chat`: a phone-number or group
 * chat's messages (and its LID chats', which a write to any LID chat drops with the whole
 * session). `all` and a LID chat (its phone-number chat's messages merge in) depend on the session.
 */
export function chatScope(chatId: ChatId | "all"): ChatId | undefined {
  return chatId === "all" || isLidChat(chatId) ? undefined : chatId;
}

/**
 * Sends the body `read` computes (store data only, see json.ts), storing it unless what it
 * depends on changed while it was computed: the session, or with `chat` (see `chatScope`) that
 * chat's data only. Call it after validation and the session check, so that errors never reach
 * the cache.
 */
export async function replyCached(
  cache: ResponseCache,
  request: FastifyRequest,
  reply: FastifyReply,
  session: string,
  read: () => Promise<unknown>,
  chat?: ChatId,
): Promise<FastifyReply> {
  return replyCachedJson(
    cache,
    request,
    reply,
    session,
    async () => serializeStoreJson(await read()),
    chat,
  );
}

/** `replyCached` for a read that returns the body's JSON text itself (see `serializeStoreJsonArray`). */
export async function replyCachedJson(
  cache: ResponseCache,
  request: FastifyRequest,
  reply: FastifyReply,
  session: string,
  readJson: () => Promise<string>,
  chat?: ChatId,
): Promise<FastifyReply> {
  if (!cache.enabled || bypassesCache(request)) {
    return reply.type(JSON_TYPE).send(await readJson());
  }
  // The session may have become WORKING after the hook looked.
  const hit = cache.get(session, cacheKey(request));
  if (hit) return sendEntry(request, reply, hit);
  // Captured before the read: a write meanwhile moves it on and the body is not stored.
  const generation = cache.generation(session, chat);
  const text = await readJson();
  const entry = cache.set(session, cacheKey(request), generation, Buffer.from(text), chat);
  return entry ? sendEntry(request, reply, entry) : reply.type(JSON_TYPE).send(text);
}

/** Whether the client asked for a fresh answer (`Cache-Control: no-cache` / `no-store`). */
export function bypassesCache(request: FastifyRequest): boolean {
  return refusesCache(request.headers["cache-control"]);
}

/** Whether a `Cache-Control` header value asks for a fresh answer (`no-cache` / `no-store`). */
export function refusesCache(header: string | undefined): boolean {
  return typeof header === "string" && /\bno-(cache|store)\b/i.test(header);
}

/** Whether the session is WORKING here: only then may a cached body answer its reads. */
export function isWorking(ctx: ServerContext, session: string): boolean {
  const live = ctx.sessions.live(session);
  return live !== undefined && live.status === "WORKING" && !live.cancelled && !!live.runtime;
}

/** Whether `If-None-Match` names `etag` (weak or strong) or is `*`: the answer is a 304. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(",")
    .some((tag) => tag.trim().replace(/^W\//, "") === etag || tag.trim() === "*");
}

/**
 * The cache key of a request: the raw URL, with the client's origin: without `WAHA_BASE_URL`,
 * media URLs in a body name the host the client used (the forwarding instance's, on a forwarded
 * read), so clients reaching the server by different names get their own entries.
 */
export function rawCacheKey(raw: IncomingMessage): string {
  return `${rawClientOrigin(raw)}${raw.url}`;
}

// --- internal ---

/** The cached answer of a GET, when its session is WORKING and the client did not refuse it. */
function lookup(ctx: ServerContext, request: FastifyRequest): CachedResponse | undefined {
  if (!ctx.responses.enabled || request.method !== "GET") return undefined;
  const session = (request.params as { session?: string }).session;
  // Not WORKING: the handler answers what WAHA does (waits, then 422).
  if (session === undefined || !isWorking(ctx, session) || bypassesCache(request)) return;
  return ctx.responses.get(session, cacheKey(request));
}

function cacheKey(request: FastifyRequest): string {
  return rawCacheKey(request.raw);
}

function sendEntry(
  request: FastifyRequest,
  reply: FastifyReply,
  entry: CachedResponse,
): FastifyReply {
  reply.header("etag", entry.etag);
  if (matchesEtag(request.headers["if-none-match"], entry.etag)) return reply.code(304).send();
  return reply.type(JSON_TYPE).send(entry.body);
}
