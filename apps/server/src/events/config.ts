/**
 * @module Event settings from the environment: the global webhook (WAHA's `WHATSAPP_HOOK_*`),
 * delivery bounds (`WA_WEBHOOK_CONCURRENCY`, `WA_WEBHOOK_TIMEOUT_MS`) and retention
 * (`WA_EVENTS_RETENTION_HOURS`, `WA_EVENTS_MAX_AGE_HOURS`). A bad value stops start-up with a
 * message naming the variable.
 */
import { WaError } from "@wa/core";
import { readGlobalWebhook, type WebhookTarget } from "./webhook-config.ts";
import { DEFAULT_DELIVERY, type DeliverySettings } from "./webhooks.ts";

/** How long events are kept. */
export interface RetentionSettings {
  /** Events every webhook has received (and that are no dead letter) are kept this long. */
  settledMs: number;
  /** Any event, dead letters included, is kept at most this long. */
  maxAgeMs: number;
  /** How often old events are deleted. */
  intervalMs: number;
}

/** The event settings. */
export interface EventsConfig {
  global: WebhookTarget | null;
  delivery: DeliverySettings;
  retention: RetentionSettings;
}

const HOUR = 3_600_000;

/** The default retention: delivered events a day, anything a week, checked every minute. */
export const DEFAULT_RETENTION: RetentionSettings = {
  settledMs: 24 * HOUR,
  maxAgeMs: 7 * 24 * HOUR,
  intervalMs: 60_000,
};

/** Reads the event settings; throws `WA_VALIDATION_FAILED` naming a bad variable. */
export function readEventsConfig(env: NodeJS.ProcessEnv): EventsConfig {
  const settledMs =
    positive(env, "WA_EVENTS_RETENTION_HOURS", DEFAULT_RETENTION.settledMs / HOUR) * HOUR;
  const maxAgeMs =
    positive(env, "WA_EVENTS_MAX_AGE_HOURS", DEFAULT_RETENTION.maxAgeMs / HOUR) * HOUR;
  return {
    global: readGlobalWebhook(env),
    delivery: {
      concurrency: Math.round(
        positive(env, "WA_WEBHOOK_CONCURRENCY", DEFAULT_DELIVERY.concurrency),
      ),
      timeoutMs: positive(env, "WA_WEBHOOK_TIMEOUT_MS", DEFAULT_DELIVERY.timeoutMs),
    },
    retention: {
      settledMs,
      maxAgeMs: Math.max(maxAgeMs, settledMs),
      intervalMs: DEFAULT_RETENTION.intervalMs,
    },
  };
}

// --- internal ---

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new WaError("WA_VALIDATION_FAILED", `${name} must be a positive number (got '${text}').`);
  }
  return value;
}
