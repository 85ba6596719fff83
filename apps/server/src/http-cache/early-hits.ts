/**
 * @module Response-cache hits answered before Fastify: a `request` listener placed in front of
 * Fastify's answers a GET whose origin and raw URL have a cache entry, with the same checks and
 * the same bytes as the route-level hook (cached-reply.ts), and hands every other request to
 * Fastify untouched. A hit then costs no routing, no request/reply objects and no hooks: about
 * what a bare Fastify route answering the same bytes costs (issue 13's cached ratios).
 *
 * Why an entry's existence is enough: entries are stored only by the handlers of the cached GET
 * routes, after validation and the session check, keyed by session, origin and raw URL. A raw URL
 * routes to one session only, so a hit on (the session read from the URL, the key) is that very
 * entry whatever this file's reading of the URL, and a wrong reading only misses.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { createApiKeyCheck, providedApiKey } from "../auth.ts";
import { parseQueryString } from "../query-string.ts";
import type { ServerContext } from "../services/context.ts";
import { isWorking, JSON_TYPE, matchesEtag, rawCacheKey, refusesCache } from "./cached-reply.ts";

/** Options of {@link answerHitsEarly}. */
export interface EarlyHitsOptions {
  ctx: ServerContext;
  /** The API key as auth.ts takes it; null: no authentication. */
  apiKey: string | null;
  /** The app's logger (none: `false` or absent). */
  logger?: FastifyBaseLogger | false | undefined;
}

/**
 * Puts the early answer in front of Fastify's `request` listener on `app.server` (Fastify made
 * the server, with its timeouts, so nothing else about it changes).
 */
export function answerHitsEarly(app: FastifyInstance, options: EarlyHitsOptions): void {
  const server = app.server;
  const fastifyListeners = server.listeners("request") as RequestListener[];
  // Closing, Fastify answers every request with its 503 (return503OnClosing): from the moment it
  // starts, every request is its. Register this hook before any other preClose hook.
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });
  const answer = earlyAnswer(options, () => closing);
  server.removeAllListeners("request");
  server.on("request", function earlyHits(this: unknown, request, response) {
    if (answer(request, response)) return;
    for (const listener of fastifyListeners) listener.call(this, request, response);
  });
}

// --- internal ---

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/** The early answer: true when the request was answered from the cache. */
function earlyAnswer(options: EarlyHitsOptions, isClosing: () => boolean) {
  const { ctx, logger } = options;
  const keyMatches = options.apiKey === null ? undefined : createApiKeyCheck(options.apiKey);
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    if (request.method !== "GET" || !ctx.responses.enabled || isClosing()) return false;
    // Fastify logs each request it answers ("incoming request", "request completed"); a hit
    // answered here would be missing from the log, so with request logging on Fastify answers.
    if (logsRequests(logger)) return false;
    const url = request.url ?? "";
    const session = sessionOf(url);
    const { headers } = request;
    if (session === undefined || !isWorking(ctx, session)) return false;
    if (refusesCache(headers["cache-control"])) return false;
    // Only a request auth.ts lets through is answered here: a missing or wrong key goes to
    // Fastify, whose auth hook answers its 401 (an excluded path's open read is Fastify's too).
    if (keyMatches && !keyMatches(providedApiKey(headers, () => queryOf(url)))) return false;
    const entry = ctx.responses.get(session, rawCacheKey(request));
    if (!entry) return false;
    // The headers Fastify's reply sends for a hit (cached-reply.ts `sendEntry`), in its order.
    if (matchesEtag(headers["if-none-match"], entry.etag)) {
      response.writeHead(304, { etag: entry.etag });
      response.end();
      return true;
    }
    response.writeHead(200, {
      etag: entry.etag,
      "content-type": JSON_TYPE,
      "content-length": String(entry.body.length),
    });
    response.end(entry.body);
    return true;
  };
}

/** Whether Fastify would write request lines for a request (pino's `info` is enabled). */
function logsRequests(logger: EarlyHitsOptions["logger"]): boolean {
  if (!logger) return false;
  const levels = logger as { isLevelEnabled?: (level: string) => boolean };
  return levels.isLevelEnabled?.("info") ?? true;
}

const API_PREFIX = "/api/";

/**
 * The session a cached read's URL names (`/api/{session}/chats…`), decoded as the router decodes
 * it; undefined for any other URL, and for one with a fragment, whose query the router splits
 * differently from `queryOf`.
 */
function sessionOf(url: string): string | undefined {
  if (!url.startsWith(API_PREFIX) || url.includes("#")) return undefined;
  const end = url.indexOf("/", API_PREFIX.length);
  if (end === -1) return undefined;
  const segment = url.slice(API_PREFIX.length, end);
  if (segment === "" || segment.includes("?")) return undefined;
  if (!segment.includes("%")) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The query as Fastify parses it: everything after the first `?`, with the app's parser. */
function queryOf(url: string): Record<string, string | string[]> {
  const start = url.indexOf("?");
  return start === -1 ? {} : parseQueryString(url.slice(start + 1));
}
