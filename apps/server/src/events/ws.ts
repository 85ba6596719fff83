/**
 * @module The WebSocket stream `GET /ws?session=…&events=…` (waha-compat §6.5): every committed
 * event of the chosen sessions (`*` for all, or a comma list) and events, as the same envelope a
 * webhook gets, one text frame each. The API key comes as the `X-Api-Key` header or the
 * `x-api-key` query parameter; a bad key closes the socket with 1008, a bad query with 4400. A
 * socket that does not keep up (more than `bufferLimit` bytes waiting) is closed with 1013 rather
 * than buffered without limit. Live only: `GET /api/{session}/events?since=` replays the past.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { isWaError, parseEventNames } from "@wa/core";
import type { OutboxEvent } from "@wa/store";
import type { FastifyInstance } from "fastify";
import { type WebSocket, WebSocketServer } from "ws";
import { createApiKeyCheck } from "../auth.ts";
import type { EventBus } from "../sessions/event-bus.ts";
import { envelopeText, type SessionFacts } from "./envelope.ts";
import type { EventPayloads } from "./media-payloads.ts";

/** WebSocket close codes used here. */
export const WS_CLOSE = { unauthorized: 1008, badRequest: 4400, tooSlow: 1013 } as const;

/** Options of {@link registerEventStream}. */
export interface EventStreamOptions {
  bus: EventBus;
  /** The API key (plain or `sha512:<hex>`), or null for none. */
  apiKey: string | null;
  facts(session: string): Promise<SessionFacts>;
  /** The payload clients get for a stored event (media joined in). */
  payloads: EventPayloads;
  environment: string;
  /** Bytes a socket may have waiting before it is dropped. @default 1 MiB */
  bufferLimit?: number;
}

const PATH = "/ws";
const DEFAULT_BUFFER_LIMIT = 1024 * 1024;

/** Serves `/ws` on the app's HTTP server (upgrade requests); closing the app closes the sockets. */
export function registerEventStream(app: FastifyInstance, options: EventStreamOptions): void {
  const check = options.apiKey === null ? () => true : createApiKeyCheck(options.apiKey);
  const limit = options.bufferLimit ?? DEFAULT_BUFFER_LIMIT;
  const server = new WebSocketServer({ noServer: true, maxPayload: 4096 });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname !== PATH) {
      socket.destroy();
      return;
    }
    server.handleUpgrade(request, socket, head, (client) => accept(client, request, url));
  };

  const accept = (socket: WebSocket, request: IncomingMessage, url: URL) => {
    const header = request.headers["x-api-key"];
    const key = typeof header === "string" ? header : url.searchParams.getAll("x-api-key").at(-1);
    if (!check(key)) {
      socket.close(
        WS_CLOSE.unauthorized,
        "Unauthorized: send the API key as X-Api-Key or ?x-api-key=",
      );
      return;
    }
    let filter: { sessions: Set<string> | null; events: Set<string> };
    try {
      filter = parseFilter(url.searchParams);
    } catch (error) {
      const message = isWaError(error) ? error.message : "bad query";
      socket.close(WS_CLOSE.badRequest, message.slice(0, 120));
      return;
    }
    let sending = Promise.resolve();
    const unsubscribe = options.bus.subscribe(({ session, committed }) => {
      if (filter.sessions && !filter.sessions.has(session)) return;
      const wanted = committed.filter((event) => filter.events.has(event.event));
      if (wanted.length === 0) return;
      // One chain per socket keeps the stream in commit order across the facts lookups.
      sending = sending.then(() => forward(wanted)).catch(() => undefined);
    });
    const forward = async (events: OutboxEvent[]) => {
      for (const event of events) {
        if (socket.readyState !== socket.OPEN) return;
        if (socket.bufferedAmount > limit) return drop();
        const facts = await options.facts(event.session);
        const text = envelopeText(await options.payloads(event), facts, options.environment);
        if (socket.readyState !== socket.OPEN) return;
        socket.send(text);
      }
    };
    const drop = () => {
      unsubscribe();
      socket.close(WS_CLOSE.tooSlow, "Too slow: events were not read in time");
      // A peer that reads nothing never reads the close frame either.
      setTimeout(() => socket.terminate(), 1000).unref();
    };
    socket.on("close", unsubscribe);
    socket.on("error", unsubscribe);
  };

  app.server.on("upgrade", onUpgrade);
  // preClose, not onClose: the HTTP server's close waits for every socket, upgraded ones included,
  // so open WebSockets would hold a graceful stop until its deadline.
  app.addHook("preClose", async () => {
    app.server.off("upgrade", onUpgrade);
    for (const client of server.clients) client.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
}

// --- internal ---

/** `session` and `events`: `*` (the default) or comma lists, possibly repeated. */
function parseFilter(query: URLSearchParams) {
  const list = (name: string) => {
    const values = query.getAll(name);
    return (values.length > 0 ? values : ["*"])
      .flatMap((item) => item.split(","))
      .map((item) => item.trim())
      .filter((item) => item !== "");
  };
  const sessions = list("session");
  return {
    sessions: sessions.includes("*") ? null : new Set(sessions),
    events: parseEventNames(list("events"), "events"),
  };
}
