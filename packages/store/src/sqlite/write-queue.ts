/** @module Serialises writes: each runs after the previous one settled, on a fresh event-loop turn. */

/** Runs a write after every earlier one; the returned promise settles with it. */
export type WriteQueue = <T>(run: () => T | Promise<T>) => Promise<T>;

/** Lets timers and I/O run between write chunks, so big ingests never block the loop for long. */
export const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => setImmediate(resolve));

export function createWriteQueue(): WriteQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return (run) => {
    const next = tail.then(async () => {
      await yieldToEventLoop();
      return run();
    });
    // A failed write must not block the writes queued after it.
    tail = next.catch(() => undefined);
    return next;
  };
}
