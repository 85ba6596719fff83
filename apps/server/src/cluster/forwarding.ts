/**
 * @module Forwarding to the owner: with several instances, a request that needs a session's live
 * engine and reaches an instance that does not drive the session is sent on, over HTTP, to the
 * instance that does (its internal address from the registry), with the client's own headers (so
 * its API key), the origin it called (see client-origin.ts) and the parsed body as JSON; the
 * owner's answer goes back as it is (a file streams through). Commands (writes to a session) are
 * checked before their handler runs, so nothing happens twice; reads run here and are forwarded
 * only when they turn out to need the engine (`SessionOwnedElsewhere`).
 * An owner that does not answer (it died mid-request) gives a 503 with Retry-After: another
 * instance takes the session over within seconds.
 */
import type { Readable } from "node:stream";
import { WaError } from "@wa/core";
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from "fastify";
import { type Dispatcher, request as httpRequest } from "undici";
import { SessionOwnedElsewhere, type SessionOwner } from "../sessions/ownership.ts";
import { commandSession } from "../sessions/write-routes.ts";
import { CLIENT_ORIGIN_HEADER, clientOrigin, FORWARDED_HEADER } from "./client-origin.ts";

/** Options of {@link registerForwarding}. */
export interface ForwardingOptions {
  self: SessionOwner;
  /** The instance driving the session when it is another one. */
  ownerElsewhere(session: string): Promise<SessionOwner | null>;
  /** How long the owner may take to answer. @default 60 s (a command may wait for the engine) */
  timeoutMs?: number;
  dispatcher?: Dispatcher;
}

/** Headers that describe one connection, not the request. */
const HOP_BY_HOP = new Set([
  "host",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "content-type",
  "upgrade",
  "expect",
  "te",
  "trailer",
  "proxy-connection",
]);

/** Wraps the handler of every session route registered from now on (call before the routes). */
export function registerForwarding(app: FastifyInstance, options: ForwardingOptions): void {
  app.addHook("onRoute", (route: RouteOptions) => {
    if (!route.url.startsWith("/api/") && route.url !== "/engine") return;
    const methods = [route.method].flat();
    const sessionOf = methods.map((method) => commandOrLifecycle(method, route.url)).find(Boolean);
    const handler = route.handler;
    route.handler = async function forwarding(request, reply) {
      const forwarded = request.headers[FORWARDED_HEADER] !== undefined;
      const session = sessionOf?.(request);
      if (!forwarded && typeof session === "string" && session !== "") {
        const owner = await options.ownerElsewhere(session);
        if (owner) return forward(request, reply, owner, options);
      }
      try {
        return await handler.call(this, request, reply);
      } catch (error) {
        if (!(error instanceof SessionOwnedElsewhere)) throw error;
        // Sent here by an instance that thought we drive it: the owners changed meanwhile.
        if (forwarded || reply.sent) throw ownerChanging(error.session);
        return forward(request, reply, error.owner, options);
      }
    };
  });
}

// --- internal ---

/** Commands (see write-routes.ts) and the lifecycle routes of one session. */
function commandOrLifecycle(method: string, url: string) {
  const command = commandSession(method, url);
  if (command) return command;
  if (method !== "GET" && method !== "HEAD" && url.startsWith("/api/sessions/:session")) {
    return (request: FastifyRequest) => (request.params as { session?: unknown }).session;
  }
  return null;
}

async function forward(
  request: FastifyRequest,
  reply: FastifyReply,
  owner: SessionOwner,
  options: ForwardingOptions,
): Promise<FastifyReply> {
  const headers: Record<string, string> = { [FORWARDED_HEADER]: options.self.instance };
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  // The owner builds file URLs (and keys its cached answer) on the origin the client called.
  headers[CLIENT_ORIGIN_HEADER] = clientOrigin(request);
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  if (hasBody) headers["content-type"] = "application/json";
  const timeoutMs = options.timeoutMs ?? 60_000;
  let answer: Awaited<ReturnType<typeof httpRequest>>;
  let body: Buffer | Readable;
  try {
    answer = await httpRequest(new URL(request.url, owner.address), {
      method: request.method as Dispatcher.HttpMethod,
      headers,
      ...(hasBody ? { body: JSON.stringify(request.body ?? {}) } : {}),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    // A JSON answer is read whole, so an owner dying mid-answer still gives the 503 below; a file
    // (up to WA_MEDIA_MAX_BYTES) streams through.
    body = isJson(answer.headers["content-type"])
      ? Buffer.from(await answer.body.arrayBuffer())
      : answer.body;
  } catch (error) {
    request.log.warn({ err: error, owner }, "forwarding to the session's owner failed");
    throw ownerUnreachable(owner, error);
  }
  reply.code(answer.statusCode);
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) reply.header(name, value);
  }
  const type = answer.headers["content-type"];
  if (typeof type === "string") reply.type(type);
  const length = answer.headers["content-length"];
  if (!Buffer.isBuffer(body) && typeof length === "string") reply.header("content-length", length);
  return reply.send(body);
}

function isJson(type: string | string[] | undefined): boolean {
  return typeof type === "string" && /^application\/json\b/i.test(type);
}

function ownerUnreachable(owner: SessionOwner, error: unknown): WaError {
  const reason = error instanceof Error ? error.message : String(error);
  return new WaError(
    "WA_SERVER_BUSY",
    `The instance driving this session (${owner.instance} at ${owner.address}) did not answer (${reason}); another instance takes the session over within seconds. Retry after a moment.`,
    { details: { retryAfterSeconds: 2 } },
  );
}

function ownerChanging(session: string): WaError {
  return new WaError(
    "WA_SERVER_BUSY",
    `Session '${session}' is changing instance; retry after a moment.`,
    { details: { session, retryAfterSeconds: 1 } },
  );
}
