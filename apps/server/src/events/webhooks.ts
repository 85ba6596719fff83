/**
 * @module The webhook service: one dispatcher per (session, target) for every stored session,
 * running or not (a stopped session's last events are delivered too), from the global webhook and
 * each session's `config.webhooks`. It is told when a session's config changes, and woken when
 * events are committed; it never holds events itself, the store does. With several instances
 * each runs every dispatcher too, and delivery holds let one at a time send a pair's events.
 */
import type { EngineLogger } from "@wa/core";
import type { Store } from "@wa/store";
import type { DeliveryHolds } from "./delivery-holds.ts";
import { createDispatcher, type Dispatcher } from "./dispatcher.ts";
import type { SessionFactsReader } from "./envelope.ts";
import type { EventPayloads } from "./media-payloads.ts";
import { parseSessionWebhooks, type WebhookTarget } from "./webhook-config.ts";
import { createWebhookSender } from "./webhook-sender.ts";

/** Delivery settings shared by every target. */
export interface DeliverySettings {
  /** POSTs in flight per target (and connections per target). @default 8 */
  concurrency: number;
  /** The bound of one POST. @default 10000 */
  timeoutMs: number;
}

/** The default {@link DeliverySettings}. */
export const DEFAULT_DELIVERY: DeliverySettings = { concurrency: 8, timeoutMs: 10_000 };

/** Options of {@link createWebhookService}. */
export interface WebhookServiceOptions {
  store: Store;
  /** The global webhook (`WHATSAPP_HOOK_*`), or null. */
  global: WebhookTarget | null;
  facts: SessionFactsReader;
  payloads: EventPayloads;
  environment: string;
  userAgent: string;
  delivery: DeliverySettings;
  logger: EngineLogger;
  /** With several instances (see `delivery-holds.ts`). */
  holds?: DeliveryHolds;
}

/** The webhook service. */
export type WebhookService = ReturnType<typeof createWebhookService>;

/** Creates the service; `start()` resumes delivery for every stored session. */
export function createWebhookService(options: WebhookServiceOptions) {
  const { store, logger } = options;
  const sessions = new Map<string, Map<string, Dispatcher>>();

  const targetsOf = (config: Record<string, unknown>): WebhookTarget[] => {
    const all = [...(options.global ? [options.global] : []), ...parseSessionWebhooks(config)];
    // The same URL listed twice is one target (one cursor); the first listing wins.
    return all.filter((target, index) => all.findIndex((t) => t.key === target.key) === index);
  };

  const startDispatcher = (session: string, target: WebhookTarget): Dispatcher => {
    const dispatcher: Dispatcher = createDispatcher({
      outbox: store.outbox,
      session,
      target,
      sender: createWebhookSender({
        connections: options.delivery.concurrency,
        timeoutMs: options.delivery.timeoutMs,
        userAgent: options.userAgent,
      }),
      facts: options.facts,
      payloads: options.payloads,
      environment: options.environment,
      concurrency: options.delivery.concurrency,
      logger,
      ...(options.holds ? { holds: options.holds } : {}),
      // A fresh dispatcher starts over from the store, behind whichever instance holds the pair now.
      onHoldLost: () => {
        const running = sessions.get(session);
        if (running?.get(target.key) !== dispatcher) return; // stopped or replaced meanwhile
        running.set(target.key, startDispatcher(session, target));
      },
    });
    return dispatcher;
  };

  const service = {
    /** Resumes delivery for every stored session (a stored config that no longer parses is logged). */
    async start(): Promise<void> {
      for (const record of await store.sessions.list()) {
        try {
          await service.sync(record.name, record.config);
        } catch (error) {
          logger.error(
            { err: error, session: record.name },
            "webhooks of a stored session are invalid",
          );
          await service.sync(record.name, {});
        }
      }
    },

    /**
     * Makes the session's dispatchers match its config: new targets start after `afterSeq`
     * (default: the newest event, so they get what happens from now on), unchanged ones go on,
     * removed ones stop and are forgotten. Throws a 400 on an invalid config, changing nothing.
     */
    async sync(session: string, config: Record<string, unknown>, afterSeq?: number): Promise<void> {
      const targets = targetsOf(config);
      options.facts.forget(session); // its metadata may have changed
      const running = sessions.get(session) ?? new Map<string, Dispatcher>();
      sessions.set(session, running);
      const keep = new Set(targets.map((target) => target.key));
      for (const [key, dispatcher] of running) {
        const wanted = targets.find((target) => target.key === key);
        if (wanted && sameTarget(wanted, dispatcher.target)) continue;
        running.delete(key);
        await dispatcher.stop();
      }
      // A new session (afterSeq 0: its data was just created) has no stored targets to forget.
      if (afterSeq !== 0) await store.outbox.closeTargets(session, [...keep]);
      for (const target of targets) {
        if (running.has(target.key)) continue;
        await store.outbox.openTarget(session, target.key, afterSeq);
        running.set(target.key, startDispatcher(session, target));
      }
    },

    /** Stops the session's dispatchers (before its data is deleted). */
    async forget(session: string): Promise<void> {
      const running = sessions.get(session);
      sessions.delete(session);
      await Promise.all([...(running?.values() ?? [])].map((dispatcher) => dispatcher.stop()));
    },

    /** New events of a session are committed. */
    wake(session: string): void {
      for (const dispatcher of sessions.get(session)?.values() ?? []) dispatcher.wake();
    },

    /** Stops every dispatcher (in-flight POSTs are aborted; their events stay unsettled). */
    async close(): Promise<void> {
      await Promise.all([...sessions.keys()].map((session) => service.forget(session)));
    },
  };
  return service;
}

// --- internal ---

function sameTarget(a: WebhookTarget, b: WebhookTarget): boolean {
  const plain = (t: WebhookTarget) => JSON.stringify({ ...t, events: [...t.events].sort() });
  return plain(a) === plain(b);
}
