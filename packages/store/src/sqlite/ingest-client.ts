/**
 * @module The main thread's side of the ingest worker: started on the first big write, it is handed
 * the write unit by unit (a turn of the event loop between units, and at most a few units in
 * flight, so neither the loop nor the memory of a huge history grows with the write), and
 * resolves with the outbox events once the worker committed them. A worker that dies fails the
 * writes it held; the next write starts a new one.
 */
import type { Worker } from "node:worker_threads";
import type { DomainEvent } from "@wa/core";
import { WaError } from "@wa/core";
import type { OutboxEvent } from "../types.ts";
import { encodeUnit, type UnitEvent } from "./encoded-history.ts";
import { splitIntoUnits } from "./event-units.ts";
import type { IngestReply, IngestRequest, IngestWorkerData } from "./ingest-protocol.ts";
import { spawnThread } from "./spawn-thread.ts";
import { yieldToEventLoop } from "./write-queue.ts";

/** Sizes of what is handed to the worker. */
export interface IngestSizes {
  /** Rows per unit handed over (one message to the worker; cloned on the main thread). */
  unitRows: number;
  /** Units handed over and not yet applied, at most: bounds the copies waiting in the worker. */
  unitsInFlight: number;
  /** Rows per transaction in the worker. */
  transactionRows: number;
}

/** Writes big event lists through a worker thread; one write at a time (the store's queue). */
export interface IngestClient {
  /** Applies `events` in the worker; resolves with the outbox events once committed. */
  apply(session: string, events: readonly DomainEvent[]): Promise<OutboxEvent[]>;
  /** Units handed over and not yet applied right now (for tests of the bound). */
  inFlight(): number;
  /** Stops the worker (its connection closed); resolves once the thread has exited. */
  close(): Promise<void>;
}

interface PendingWrite {
  id: number;
  inFlight: number;
  failed: boolean;
  /** Wakes the hand-over loop waiting for room. */
  room?: () => void;
  resolve(events: OutboxEvent[]): void;
  reject(error: Error): void;
}

export function createIngestClient(file: string, sizes: IngestSizes): IngestClient {
  let worker: Worker | null = null;
  let pending: PendingWrite | null = null;
  let nextId = 0;

  const fail = (write: PendingWrite, error: Error) => {
    write.failed = true;
    if (pending === write) pending = null;
    write.room?.();
    write.reject(error);
  };

  const onReply = (reply: IngestReply) => {
    const write = pending;
    if (!write || write.id !== reply.id) return;
    if (reply.kind === "progress") {
      write.inFlight--;
      write.room?.();
    } else if (reply.kind === "done") {
      pending = null;
      worker?.unref();
      write.resolve(reply.events);
    } else {
      worker?.unref();
      const { code, message } = reply.error;
      fail(write, new WaError((code ?? "WA_STORE_FAILURE") as never, message));
    }
  };

  const start = (): Worker => {
    const data: IngestWorkerData = { file, transactionRows: sizes.transactionRows };
    const started = spawnThread("ingest-worker", data);
    started.on("message", onReply);
    started.on("error", (error) => {
      if (pending) fail(pending, error);
    });
    started.on("exit", () => {
      if (worker === started) worker = null;
      if (pending) fail(pending, new Error("the ingest worker stopped"));
    });
    // Idle, the worker keeps nothing alive; a write in progress does (see apply).
    started.unref();
    return started;
  };

  return {
    async apply(session, events) {
      worker ??= start();
      const thread = worker;
      const id = ++nextId;
      const done = new Promise<OutboxEvent[]>((resolve, reject) => {
        pending = { id, inFlight: 0, failed: false, resolve, reject };
      });
      // A unit may fail while later ones are still being handed over: the rejection is handled
      // here, and the caller gets it from the promise returned below.
      done.catch(() => undefined);
      const write = pending as unknown as PendingWrite;
      thread.ref();
      const units = splitIntoUnits(events, sizes.unitRows);
      for (let index = 0; index < units.length && !write.failed; index++) {
        while (write.inFlight >= sizes.unitsInFlight && !write.failed) {
          await new Promise<void>((resolve) => {
            write.room = resolve;
          });
          write.room = undefined;
        }
        if (write.failed) break;
        const last = index === units.length - 1;
        const unit = units[index] as DomainEvent[];
        units[index] = []; // handed over: the copy in the worker is the one that counts now
        if (!last) write.inFlight++;
        const request: IngestRequest = {
          kind: "unit",
          id,
          session,
          events: handOver(session, unit),
          last,
        };
        thread.postMessage(request);
        if (!last) await yieldToEventLoop();
      }
      return done;
    },
    inFlight: () => pending?.inFlight ?? 0,
    async close() {
      const thread = worker;
      worker = null;
      if (!thread) return;
      const exited = new Promise<void>((resolve) => thread.once("exit", () => resolve()));
      thread.ref(); // until it has exited: its connection must close before the store's
      thread.postMessage({ kind: "close" } satisfies IngestRequest);
      await exited;
    },
  };
}

// --- internal ---

/**
 * The unit as the worker gets it: history encoded (cheaper to clone). A message that cannot be
 * encoded goes over as it is, so that it fails in the worker, which rolls its write back.
 */
function handOver(session: string, unit: DomainEvent[]): UnitEvent[] {
  try {
    return encodeUnit(session, unit);
  } catch {
    return unit;
  }
}
