/**
 * @module The checkpoint thread of the ingest worker: copies the WAL's committed pages into the
 * database file (`wal_checkpoint(PASSIVE)`, with the fsyncs SQLite does for it) on its own
 * connection, while the ingest worker goes on writing. A checkpoint inside the worker's commits
 * cost about a fifth of its CPU per message; here it runs on the other core.
 */
import { isMainThread, workerData } from "node:worker_threads";
import {
  CHECKPOINT_SLOTS,
  type CheckpointWorkerData,
  CLOSING,
  DONE,
  FAILED,
  REQUESTED,
} from "./checkpoint-protocol.ts";
import { openDatabase } from "./open.ts";

if (isMainThread) throw new Error("checkpoint-worker runs as a worker thread only");
const { file, state: buffer } = workerData as CheckpointWorkerData;
const state = new Int32Array(buffer, 0, CHECKPOINT_SLOTS);
const db = openDatabase(file);
// Its own commits are none; this connection never checkpoints on its own.
db.pragma("wal_autocheckpoint = 0");

try {
  let done = Atomics.load(state, DONE);
  while (Atomics.load(state, CLOSING) === 0) {
    // Sleeps until a commit asks for a checkpoint (or the worker closes).
    Atomics.wait(state, REQUESTED, done);
    if (Atomics.load(state, CLOSING) === 1) break;
    const requested = Atomics.load(state, REQUESTED);
    db.pragma("wal_checkpoint(PASSIVE)");
    done = requested;
    Atomics.store(state, DONE, done);
    Atomics.notify(state, DONE);
  }
} catch (error) {
  // The ingest worker must not wait for checkpoints that will never come.
  Atomics.store(state, FAILED, 1);
  Atomics.notify(state, DONE);
  throw error;
} finally {
  db.close();
}
