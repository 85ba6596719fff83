/**
 * @module The ingest worker's side of its checkpoint thread. The worker's connection no longer
 * checkpoints inside its commits (`wal_autocheckpoint = 0`): after every few thousand rows
 * committed it asks the thread for a checkpoint and goes on writing. SQLite restarts the WAL from
 * its start only when a transaction begins with every committed page already copied, so before a
 * transaction the worker waits for the thread when it has fallen `maxBehind` requests behind:
 * the WAL stays bounded and every page reaches the database file within a few transactions.
 */
import type { Worker } from "node:worker_threads";
import type { Database } from "better-sqlite3";
import {
  CHECKPOINT_SLOTS,
  type CheckpointWorkerData,
  CLOSING,
  DONE,
  FAILED,
  REQUESTED,
} from "./checkpoint-protocol.ts";
import { spawnThread } from "./spawn-thread.ts";

/** When checkpoints are asked for and waited on. */
export interface CheckpointPolicy {
  /** Rows committed between two checkpoint requests. */
  requestRows: number;
  /** Requests not yet checkpointed before a transaction waits for the thread to catch up. */
  maxBehind: number;
}

/** The worker connection's checkpoints, run by a thread of their own. */
export interface Checkpointer {
  /** Call before BEGIN: waits for the thread when it is `maxBehind` requests behind. */
  beforeBegin(): void;
  /** Call after COMMIT with the rows the transaction wrote: asks for a checkpoint when due. */
  committed(rows: number): void;
  /** Ends the thread (after its checkpoint in progress); resolves once it has exited. */
  close(): Promise<void>;
}

/** SQLite's own default: a checkpoint once the WAL holds 1000 pages, run by the committing connection. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

/** Starts the checkpoint thread of `db` (the file `file`); the connection stops checkpointing. */
export function startCheckpointer(
  db: Database,
  file: string,
  policy: CheckpointPolicy,
): Checkpointer {
  const buffer = new SharedArrayBuffer(CHECKPOINT_SLOTS * Int32Array.BYTES_PER_ELEMENT);
  const state = new Int32Array(buffer);
  const data: CheckpointWorkerData = { file, state: buffer };
  const thread: Worker = spawnThread("checkpoint-worker", data);
  let failed = false;
  let rowsSinceRequest = 0;
  const fallBack = () => {
    if (failed) return;
    failed = true;
    // Without the thread, the connection checkpoints in its commits again, as SQLite does.
    db.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
  };
  thread.on("error", fallBack);
  thread.on("exit", fallBack);
  db.pragma("wal_autocheckpoint = 0");

  return {
    beforeBegin() {
      if (failed || Atomics.load(state, FAILED) === 1) return fallBack();
      const requested = Atomics.load(state, REQUESTED);
      let done = Atomics.load(state, DONE);
      if (requested - done < policy.maxBehind) return;
      while (done !== requested && Atomics.load(state, FAILED) === 0) {
        // In slices: a thread that fails sets FAILED and wakes us, but never trust one wake-up.
        Atomics.wait(state, DONE, done, 100);
        done = Atomics.load(state, DONE);
      }
    },
    committed(rows) {
      if (failed) return;
      rowsSinceRequest += rows;
      if (rowsSinceRequest < policy.requestRows) return;
      rowsSinceRequest = 0;
      Atomics.add(state, REQUESTED, 1);
      Atomics.notify(state, REQUESTED);
    },
    async close() {
      thread.off("exit", fallBack);
      const exited = new Promise<void>((resolve) => thread.once("exit", () => resolve()));
      Atomics.store(state, CLOSING, 1);
      Atomics.notify(state, REQUESTED);
      await exited;
    },
  };
}
