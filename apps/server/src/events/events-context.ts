/**
 * @module The events part of the server: the webhook service woken by committed writes, the
 * session facts and environment every envelope carries, and the retention timer; started when the
 * app is ready (delivery resumes from the store) and closed with it.
 */
import type { EngineLogger } from "@wa/core";
import type { Store } from "@wa/store";
import type { EventBus } from "../sessions/event-bus.ts";
import { DEFAULT_RETENTION, type EventsConfig } from "./config.ts";
import type { DeliveryHolds } from "./delivery-holds.ts";
import { createSessionFacts, environmentText, type SessionFactsReader } from "./envelope.ts";
import { type EventPayloads, storedPayloads } from "./media-payloads.ts";
import { startRetention } from "./retention-job.ts";
import { createWebhookService, DEFAULT_DELIVERY, type WebhookService } from "./webhooks.ts";

/** What routes and the WebSocket need of the events machinery. */
export interface EventsContext {
  webhooks: WebhookService;
  facts: SessionFactsReader;
  /** The payload clients get for a stored event (media of messages joined in). */
  payloads: EventPayloads;
  /** The envelope's `environment`, as JSON text. */
  environment: string;
  /** Resumes delivery for every stored session and starts the retention timer. */
  start(): Promise<void>;
  /** Stops delivery (in-flight POSTs are aborted; their events stay unsettled) and the timer. */
  close(): Promise<void>;
}

/** Options of {@link createEventsContext}. */
export interface EventsContextOptions {
  store: Store;
  bus: EventBus;
  config: Partial<EventsConfig>;
  version: string;
  defaultEngine: string;
  logger: EngineLogger;
  /** @default the stored payloads as they are */
  payloads?: EventPayloads;
  /** With several instances: one at a time sends each session's webhook events. */
  holds?: DeliveryHolds;
}

/** Wires the webhook service to the bus; nothing runs until `start()`. */
export function createEventsContext(options: EventsContextOptions): EventsContext {
  const { store, logger } = options;
  const facts = createSessionFacts(store);
  const environment = environmentText(options.version, options.defaultEngine);
  const payloads = options.payloads ?? storedPayloads;
  const webhooks = createWebhookService({
    store,
    global: options.config.global ?? null,
    facts,
    payloads,
    environment,
    userAgent: `wa-http-api/${options.version}`,
    delivery: { ...DEFAULT_DELIVERY, ...options.config.delivery },
    logger,
    ...(options.holds ? { holds: options.holds } : {}),
  });
  const unsubscribe = options.bus.subscribe(({ session, events, committed }) => {
    // A status change may bring the account (`me`): envelopes written from now on carry it.
    if (events.some((event) => event.type === "session.status")) facts.forget(session);
    if (committed.length > 0) webhooks.wake(session);
  });
  let stopRetention = async () => {};
  return {
    webhooks,
    facts,
    payloads,
    environment,
    async start() {
      await webhooks.start();
      const retention = { ...DEFAULT_RETENTION, ...options.config.retention };
      stopRetention = startRetention(store, retention, logger);
    },
    async close() {
      unsubscribe();
      await stopRetention();
      await webhooks.close();
    },
  };
}
