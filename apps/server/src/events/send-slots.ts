/**
 * @module The bound on a dispatcher's webhook POSTs in flight, shared by its chat workers: a worker
 * takes a slot before each POST and gives it back after, and a freed slot goes straight to the
 * longest waiter.
 */

/** The slots of one dispatcher. */
export interface SendSlots {
  /** Resolves once a slot is ours. */
  acquire(): Promise<void>;
  /** Gives a slot back (to the next waiter, if any). */
  release(): void;
  /** Lets every waiter go without a slot: the dispatcher stopped and they return at once. */
  releaseWaiters(): void;
}

/** Slots for at most `limit` POSTs in flight. */
export function createSendSlots(limit: number): SendSlots {
  const waiting: Array<() => void> = [];
  let inFlight = 0;
  return {
    async acquire() {
      if (inFlight < limit) {
        inFlight++;
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else inFlight--;
    },
    releaseWaiters() {
      for (const resume of waiting.splice(0)) resume();
    },
  };
}
