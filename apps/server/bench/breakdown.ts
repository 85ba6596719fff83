/**
 * @module Where a request's time goes, measured in-process without HTTP: the store query, the
 * handler's mapping (overview: names, pictures, last message), the routes' JSON serializer, the whole
 * Fastify pipeline through `inject` (auth, query validation, hooks, serialization — and
 * light-my-request's own cost of faking the socket and collecting the body, which is not small),
 * with `Cache-Control: no-cache` (computed every time) and without (from the response cache).
 */
import { performance } from "node:perf_hooks";
import { parseMessagesQuery, parseOverviewQuery } from "@wa/core";
import type { App } from "../src/app.ts";
import { serializeStoreJson } from "../src/http-cache/json.ts";
import { toApiMessage } from "../src/services/messages.ts";
import { chatsOverview } from "../src/services/overview.ts";

/** Mean milliseconds per call of each stage of one route. */
export interface Breakdown {
  storeMs: number;
  /** The store call plus the handler's mapping into the API shape. */
  handlerMs: number;
  serializeMs: number;
  /** `app.inject` of the whole request, bypassing the response cache: everything but the socket. */
  injectMs: number;
  /** `app.inject` of the whole request answered from the response cache. */
  injectCachedMs: number;
}

/** Times the overview and the messages page of `chatId`, `iterations` times each stage. */
export async function measureBreakdown(
  app: App,
  session: string,
  chatId: string,
  headers: Record<string, string>,
  urls: { overview: string; messages: string },
  iterations = 200,
): Promise<{ overview: Breakdown; messages: Breakdown }> {
  const { store } = app.ctx;
  const runtime = app.ctx.sessions.live(session)?.runtime;
  if (!runtime) throw new Error(`session ${session} has no runtime`);
  const overviewQuery = parseOverviewQuery({ limit: "20" });
  const messagesQuery = parseMessagesQuery({ limit: "100", downloadMedia: "false" });
  const overviewBody = await chatsOverview(app.ctx, session, runtime, overviewQuery);
  const messagesBody = (await store.listMessages(session, chatId, messagesQuery)).map((m) =>
    toApiMessage(m),
  );
  const noCache = { ...headers, "cache-control": "no-cache" };
  const inject = (url: string, requestHeaders: Record<string, string>) => () =>
    app.inject({ method: "GET", url, headers: requestHeaders });
  const stages = {
    overview: {
      storeMs: () => store.overview(session, overviewQuery),
      handlerMs: () => chatsOverview(app.ctx, session, runtime, overviewQuery),
      serializeMs: () => serializeStoreJson(overviewBody),
      injectMs: inject(urls.overview, noCache),
      injectCachedMs: inject(urls.overview, headers),
    },
    messages: {
      storeMs: () => store.listMessages(session, chatId, messagesQuery),
      handlerMs: async () =>
        (await store.listMessages(session, chatId, messagesQuery)).map((m) => toApiMessage(m)),
      serializeMs: () => serializeStoreJson(messagesBody),
      injectMs: inject(urls.messages, noCache),
      injectCachedMs: inject(urls.messages, headers),
    },
  };
  // Warm every stage before timing any, so that the first one timed does not pay for JIT and
  // SQLite's page cache on behalf of the others.
  for (const route of Object.values(stages)) {
    for (const run of Object.values(route)) await repeat(iterations / 2, run);
  }
  return {
    overview: await timeStages(stages.overview, iterations),
    messages: await timeStages(stages.messages, iterations),
  };
}

// --- internal ---

async function repeat(times: number, run: () => unknown): Promise<void> {
  for (let i = 0; i < times; i++) await run();
}

/** Mean ms per call of each stage. */
async function timeStages(
  stages: Record<keyof Breakdown, () => unknown>,
  iterations: number,
): Promise<Breakdown> {
  const result = { storeMs: 0, handlerMs: 0, serializeMs: 0, injectMs: 0, injectCachedMs: 0 };
  for (const [name, run] of Object.entries(stages) as Array<[keyof Breakdown, () => unknown]>) {
    const start = performance.now();
    await repeat(iterations, run);
    result[name] = (performance.now() - start) / iterations;
  }
  return result;
}
