/**
 * @module When to retry a failed delivery (waha-compat §6.5): constant, linear (n·delay) or
 * exponential (2ⁿ·delay plus 0–20 % jitter) after the n-th failure, never sooner than the
 * receiver's `Retry-After`.
 */
import type { RetrySettings } from "./webhook-config.ts";

/** The longest wait a `Retry-After` may ask for (a day); longer asks are capped. */
export const MAX_RETRY_AFTER_MS = 86_400_000;

/** The delay in ms before retry number `retry` (1 for the first retry). */
export function retryDelayMs(
  settings: RetrySettings,
  retry: number,
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): number {
  const base = settings.delaySeconds * 1000;
  let delay = base;
  if (settings.policy === "linear") delay = retry * base;
  if (settings.policy === "exponential") delay = 2 ** retry * base * (1 + 0.2 * random());
  return Math.round(Math.max(delay, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS)));
}

/** A `Retry-After` header (seconds, or an HTTP date) in ms from `now`; null when absent or bad. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now = Date.now(),
): number | null {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
