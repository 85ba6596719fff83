/**
 * @module The state the ingest worker and its checkpoint thread share: three counters in a
 * SharedArrayBuffer, waited on with Atomics (the checkpoint thread blocks between checkpoints and
 * reads no messages).
 */

/** What the checkpoint thread needs. */
export interface CheckpointWorkerData {
  /** The database file. */
  file: string;
  /** {@link CHECKPOINT_SLOTS} Int32 slots. */
  state: SharedArrayBuffer;
}

/** Commits the ingest worker asked a checkpoint after (raised by the ingest worker). */
export const REQUESTED = 0;
/** The `REQUESTED` value the last finished checkpoint started from (raised by the thread). */
export const DONE = 1;
/** 1 once the thread must close its connection and end. */
export const CLOSING = 2;
/** 1 once a checkpoint failed: the thread has ended and the ingest worker checkpoints itself. */
export const FAILED = 3;
export const CHECKPOINT_SLOTS = 4;
