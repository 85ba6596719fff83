/**
 * @module Where a request's time goes, measured in-process without HTTP: the store query, the
 * handler's mapping (overview: names, pictures, last message), the JSON serializer, and the whole
 * Fastify pipeline through `inject` (auth, query validation, hooks, serialization).
 */
import { performance } from "node:perf_hooks";
import { parseMessagesQuery, parseOverviewQuery } from "@wa/core";
import type { App } from "../src/app.ts";
import { serializeJson } from "../src/openapi.ts";
import { toApiMessage } from "../src/services/messages.ts";
import { chatsOverview } from "../src/services/overview.ts";

/** Mean milliseconds per call of each stage of one route. */
export interface Breakdown {
  storeMs: number;
  /** The store call plus the handler's mapping into the API shape. */
  handlerMs: number;
  serializeMs: number;
  /** `app.inject` of the whole request: everything but the socket. */
  injectMs: number;
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
  const inject = (url: string) => () => app.inject({ method: "GET", url, headers });
  return {
    overview: {
      storeMs: await mean(iterations, () => store.overview(session, overviewQuery)),
      handlerMs: await mean(iterations, () =>
        chatsOverview(app.ctx, session, runtime, overviewQuery),
      ),
      serializeMs: await mean(iterations, () => serializeJson(overviewBody)),
      injectMs: await mean(iterations, inject(urls.overview)),
    },
    messages: {
      storeMs: await mean(iterations, () => store.listMessages(session, chatId, messagesQuery)),
      handlerMs: await mean(iterations, async () =>
        (await store.listMessages(session, chatId, messagesQuery)).map((m) => toApiMessage(m)),
      ),
      serializeMs: await mean(iterations, () => serializeJson(messagesBody)),
      injectMs: await mean(iterations, inject(urls.messages)),
    },
  };
}

// --- internal ---

/** Mean ms per call after a warm-up of a quarter of the iterations. */
async function mean(iterations: number, run: () => unknown): Promise<number> {
  for (let i = 0; i < iterations / 4; i++) await run();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await run();
  return (performance.now() - start) / iterations;
}
