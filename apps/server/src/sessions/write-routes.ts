/**
 * @module Which routes are a session's commands, and running their handlers through the session's
 * lane of the write limiter. A command is any non-GET route under `/api/{session}/` (except the
 * POST form of the overview, a read) and the WAHA routes naming the session in their body or query
 * (`/api/sendText`, `/api/sendSeen`). Session lifecycle routes are serialized by the session
 * manager instead; reads are never queued.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from "fastify";
import type { WriteLimiter } from "./write-limiter.ts";

const SESSION_IN_BODY = new Set(["/api/sendText", "/api/sendSeen"]);
const READS_BY_POST = new Set(["/api/:session/chats/overview"]);

/** The session a route's request commands, or null when the route is not a command. */
export function commandSession(
  method: string,
  url: string,
): ((request: FastifyRequest) => unknown) | null {
  if (SESSION_IN_BODY.has(url)) {
    return (request) =>
      (request.body as { session?: unknown } | undefined)?.session ??
      (request.query as { session?: unknown } | undefined)?.session;
  }
  const write = method !== "GET" && method !== "HEAD";
  if (write && url.startsWith("/api/:session/") && !READS_BY_POST.has(url)) {
    return (request) => (request.params as { session?: unknown }).session;
  }
  return null;
}

/** Wraps the handler of every command route registered from now on in its session's lane. */
export function registerWriteLimit(app: FastifyInstance, limiter: WriteLimiter): void {
  app.addHook("onRoute", (route: RouteOptions) => {
    const methods = [route.method].flat();
    const sessionOf = methods.map((method) => commandSession(method, route.url)).find(Boolean);
    if (!sessionOf) return;
    const handler = route.handler;
    route.handler = function limited(request, reply) {
      const session = sessionOf(request);
      // No usable name: the handler's own validation answers its 400.
      if (typeof session !== "string" || session === "") {
        return handler.call(this, request, reply);
      }
      return limiter.run(session, async () => handler.call(this, request, reply));
    };
  });
}
