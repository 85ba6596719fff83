/**
 * @module A queue that runs async tasks one at a time, in order, and never rejects: the libraries
 * fire events without awaiting listeners, so engines serialise them here to apply them in order.
 */

/** A serial task queue. */
export interface SerialQueue {
  /** Runs `task` after every task queued before it; failures go to `onError`, never upward. */
  push(task: () => Promise<void>): Promise<void>;
  /** Resolves once every task queued so far has finished. */
  idle(): Promise<void>;
}

/** Makes a queue; `onError` receives anything a task throws. */
export function createSerialQueue(onError: (error: unknown) => void): SerialQueue {
  let tail: Promise<void> = Promise.resolve();
  return {
    push(task) {
      tail = tail.then(async () => {
        try {
          await task();
        } catch (error) {
          try {
            onError(error);
          } catch {
            // a failing error handler must not break the chain
          }
        }
      });
      return tail;
    },
    idle: () => tail,
  };
}
