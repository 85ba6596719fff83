/**
 * @module The ingest worker: a thread that owns a second, write-only connection to the store's
 * file and applies big writes (history sync) unit by unit, so the main thread's event loop only
 * hands units over. It commits every `transactionRows` rows (synchronous=NORMAL, no fsync); the
 * store fsyncs the WAL once the write is `done`, before the write resolves. Its checkpoints run on
 * a thread of their own (checkpointer.ts), beside its writes.
 */
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { isWaError } from "@wa/core";
import type { OutboxEvent } from "../types.ts";
import { createApplyUnit } from "./apply-unit.ts";
import { startCheckpointer } from "./checkpointer.ts";
import { unitEventRows } from "./encoded-history.ts";
import type { IngestReply, IngestRequest, IngestWorkerData } from "./ingest-protocol.ts";
import { openDatabase } from "./open.ts";

if (isMainThread || !parentPort) throw new Error("ingest-worker runs as a worker thread only");
const port = parentPort;
const { file, transactionRows } = workerData as IngestWorkerData;
const db = openDatabase(file);
// A checkpoint every 4,000 rows (history messages of ~650 bytes and their index entries: about the
// 1,000 pages at which SQLite's autocheckpoint would run), waited for when three are pending: the
// WAL holds at most a few transactions' pages.
const checkpoints = startCheckpointer(db, file, { requestRows: 4_000, maxBehind: 3 });
const transactionOf = db.transaction(createApplyUnit(db));
const begin = db.prepare("BEGIN");
const commit = db.prepare("COMMIT");
const rollback = db.prepare("ROLLBACK");

/** The write being applied. */
let current: { id: number; rows: number; written: OutboxEvent[] } | null = null;
/** A write that failed: its remaining units (already sent) are dropped. */
let failedId = -1;

const reply = (message: IngestReply) => port.postMessage(message);

port.on("message", async (request: IngestRequest) => {
  if (request.kind === "close") {
    if (db.inTransaction) rollback.run();
    // Its connection first: the last one to close checkpoints the WAL.
    await checkpoints.close();
    db.close();
    port.close();
    return;
  }
  const { id, session, events, last } = request;
  if (id === failedId) return;
  try {
    if (current?.id !== id) current = { id, rows: 0, written: [] };
    const write = current;
    const rows = events.reduce((sum, event) => sum + unitEventRows(event), 0);
    if (!db.inTransaction) checkpoints.beforeBegin();
    if (last && !db.inTransaction) {
      // The only (or the last, after a commit) unit: one transaction of its own.
      for (const event of transactionOf(session, events)) write.written.push(event);
      checkpoints.committed(rows);
    } else {
      if (!db.inTransaction) begin.run();
      // A savepoint inside the open transaction: a failed unit leaves nothing half-written.
      for (const event of transactionOf(session, events)) write.written.push(event);
      write.rows += rows;
      if (last || write.rows >= transactionRows) {
        commit.run();
        checkpoints.committed(write.rows);
        write.rows = 0;
      }
    }
    if (last) {
      current = null;
      reply({ kind: "done", id, events: write.written });
    } else {
      reply({ kind: "progress", id });
    }
  } catch (error) {
    if (db.inTransaction) rollback.run();
    current = null;
    failedId = id;
    const code = isWaError(error) ? error.code : null;
    const message = error instanceof Error ? error.message : String(error);
    reply({ kind: "failed", id, error: { code, message } });
  }
});
