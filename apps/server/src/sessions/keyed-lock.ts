/**
 * @module A lock per key: operations on one key run one after another, in call order; other keys
 * are never held up. The session manager runs every lifecycle operation of a name through it, so
 * a delete and a concurrent restart cannot interleave (the one called last sees the other's end).
 */

/** Runs operations one at a time per key. */
export interface KeyedLock {
  /** Runs `operation` after every earlier one on `key` settled; settles with it. */
  run<T>(key: string, operation: () => Promise<T>): Promise<T>;
  /** Resolves once the operations on `key` queued so far have settled (never rejects). */
  settled(key: string): Promise<void>;
  /** True while an operation on `key` is running or queued. */
  busy(key: string): boolean;
}

/** Creates an empty lock. */
export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<void>>();
  return {
    run(key, operation) {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(operation);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      // The last one out forgets the key, so the map holds only keys with work in flight.
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    settled: (key) => tails.get(key) ?? Promise.resolve(),
    busy: (key) => tails.has(key),
  };
}
