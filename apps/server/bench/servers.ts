/**
 * @module The two servers under load: the real app (`buildApp`) over the seeded store with a
 * WORKING memory-engine session, and a bare Fastify baseline that answers precomputed bodies.
 */
import { createMemoryEngine } from "@wa/engine-testkit/memory";
import type { Store } from "@wa/store";
import Fastify, { type FastifyInstance } from "fastify";
import { type App, buildApp } from "../src/app.ts";

/** A listening server and its base URL. */
export interface Listening<T> {
  server: T;
  url: string;
}

/**
 * Builds the app as `main.ts` does (API key on, no logger so that log I/O is not measured) but
 * with the memory engine, creates `session` through the API and waits until it is WORKING.
 */
export async function startApp(
  store: Store,
  session: string,
  apiKey: string,
): Promise<Listening<App>> {
  const app = await buildApp({
    store,
    apiKey,
    logger: false,
    defaultEngine: "memory",
    engines: {
      memory: async () => ({ createEngine: () => createMemoryEngine({ autoPair: true }) }),
    },
  });
  const created = await app.inject({
    method: "POST",
    url: "/api/sessions",
    headers: { "x-api-key": apiKey },
    payload: { name: session },
  });
  if (created.statusCode !== 201) throw new Error(`session create: ${created.body}`);
  await waitUntil(() => app.ctx.sessions.live(session)?.status === "WORKING");
  return { server: app, url: await app.listen({ host: "127.0.0.1", port: 0 }) };
}

/** A bare Fastify answering each `path → body` with the body as is (`application/json`). */
export async function startBaseline(
  bodies: Record<string, Buffer>,
): Promise<Listening<FastifyInstance>> {
  const app = Fastify({ logger: false });
  for (const [path, body] of Object.entries(bodies)) {
    app.get(path, async (_request, reply) =>
      reply.type("application/json; charset=utf-8").send(body),
    );
  }
  return { server: app, url: await app.listen({ host: "127.0.0.1", port: 0 }) };
}

// --- internal ---

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("the session did not reach WORKING in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
