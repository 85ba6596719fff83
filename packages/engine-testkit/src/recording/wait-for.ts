/** @module `waitFor`: bounded polling until a condition holds, with a timeout error that says what was awaited. */
import { WaError } from "@wa/core";

/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** Give up after this long. @default 10000 */
  timeoutMs?: number;
  /** Poll this often. @default 20 */
  intervalMs?: number;
  /** What is awaited, for the timeout message. @default the predicate's source */
  description?: string;
}

/** The default bound of every wait: real engines over loopback need up to a few seconds. */
export const DEFAULT_WAIT_MS = 10_000;

/**
 * Polls `predicate` until it returns a truthy value and resolves with it. A throwing predicate
 * counts as "not yet" (so `expect` calls work inside it); its last error is reported on timeout.
 * Rejects with `WA_ENGINE_TIMEOUT` after `timeoutMs`.
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
  const intervalMs = options.intervalMs ?? 20;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const what = options.description ?? predicate.toString().replace(/\s+/g, " ").slice(0, 200);
  const last = lastError instanceof Error ? `; last error: ${lastError.message}` : "";
  throw new WaError(
    "WA_ENGINE_TIMEOUT",
    `waitFor timed out after ${timeoutMs} ms waiting for ${what}${last}`,
    {
      cause: lastError,
      details: { timeoutMs, description: what },
    },
  );
}
