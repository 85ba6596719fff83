/**
 * @module Catches the rejections Baileys' own async WebSocket listener leaks: it decodes frames in an
 * `async` `'message'` listener, so one malformed frame becomes a process-level unhandled rejection
 * ("end of stream"), which Node turns into a crash. We re-register those listeners with a catch.
 */
import type { EventEmitter } from "node:events";

type Listener = (...args: unknown[]) => unknown;

/**
 * Wraps every current `event` listener of `emitter` so a rejected promise goes to `onError` instead
 * of becoming unhandled. Returns how many listeners were wrapped (0 when there is nothing to guard).
 */
export function guardAsyncListeners(
  emitter: Pick<EventEmitter, "listeners" | "removeListener" | "on"> | undefined,
  event: string,
  onError: (error: unknown) => void,
): number {
  if (!emitter || typeof emitter.listeners !== "function") return 0;
  const listeners = emitter.listeners(event) as Listener[];
  for (const listener of listeners) {
    emitter.removeListener(event, listener);
    emitter.on(event, (...args: unknown[]) => {
      try {
        const result = listener(...args);
        if (result instanceof Promise) result.catch(onError);
      } catch (error) {
        onError(error);
      }
    });
  }
  return listeners.length;
}
