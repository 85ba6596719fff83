/** @module A counting semaphore: at most `size` holders at once, the rest wait in arrival order. */

/** Slots to take and give back. */
export interface Slots {
  /** Resolves once a slot is free and taken. */
  take(): Promise<void>;
  /** Gives a taken slot back (to the longest waiter, if any). */
  give(): void;
  /** Slots taken right now. */
  readonly busy: number;
}

/** Creates `size` slots. */
export function createSlots(size: number): Slots {
  const waiting: Array<() => void> = [];
  let busy = 0;
  return {
    get busy() {
      return busy;
    },
    take() {
      if (busy < size) {
        busy += 1;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    give() {
      const next = waiting.shift();
      if (next) next();
      else busy -= 1;
    },
  };
}
