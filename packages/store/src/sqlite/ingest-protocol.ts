/** @module The messages between the store (main thread) and its ingest worker. */
import type { OutboxEvent } from "../types.ts";
import type { UnitEvent } from "./encoded-history.ts";

/** What the worker needs to open its connection. */
export interface IngestWorkerData {
  /** The database file (never `":memory:"`: a worker cannot share an in-memory database). */
  file: string;
  /** Rows per transaction: bounds the dirty pages one commit writes. */
  transactionRows: number;
}

/** Store → worker. */
export type IngestRequest =
  /** One unit of write `id` (history encoded); `last` ends the write (commit, then `done`). */
  | { kind: "unit"; id: number; session: string; events: UnitEvent[]; last: boolean }
  /** Close the connection and end the thread. */
  | { kind: "close" };

/** Worker → store. */
export type IngestReply =
  /** A unit of write `id` is applied (not yet committed): the store may send another. */
  | { kind: "progress"; id: number }
  /** Write `id` is committed (not yet fsynced: the store does that), with its outbox events. */
  | { kind: "done"; id: number; events: OutboxEvent[] }
  /** Write `id` failed and was rolled back to its last commit. */
  | { kind: "failed"; id: number; error: { code: string | null; message: string } };
