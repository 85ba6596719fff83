/**
 * @module The waits of a dispatcher's retries (until an event's next attempt is due), which its
 * stop cuts short so that stopping never waits out a retry delay.
 */

/** A dispatcher's pending waits. */
export interface RetrySleeps {
  /** Resolves after `ms` (at once when negative), or earlier on {@link RetrySleeps.wakeAll}. */
  sleep(ms: number): Promise<void>;
  /** Ends every pending wait now. */
  wakeAll(): void;
}

/** Creates an empty set of waits. */
export function createRetrySleeps(): RetrySleeps {
  const sleepers = new Set<() => void>();
  return {
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          sleepers.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, ms));
        sleepers.add(done);
      }),
    wakeAll() {
      for (const wakeUp of [...sleepers]) wakeUp();
    },
  };
}
