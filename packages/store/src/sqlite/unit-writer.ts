/**
 * @module Runs a list of events as bounded units: small lists in one transaction; big ones (history
 * sync) in units of a few hundred rows with an event-loop turn between units, several units per
 * transaction so that hot index pages are written to the WAL once per transaction rather than
 * once per unit (the store fsyncs the WAL once per call).
 */

import type { DomainEvent } from "@wa/core";
import type { Database } from "better-sqlite3";
import type { OutboxEvent } from "../types.ts";
import type { UnitEvent } from "./encoded-history.ts";
import { eventRows, splitIntoUnits } from "./event-units.ts";
import { yieldToEventLoop } from "./write-queue.ts";

/** Sizes of the units and transactions of a big apply(). */
export interface UnitSizes {
  /** Rows per unit: the longest the event loop is blocked is about one unit's work. */
  unitRows: number;
  /** Rows per transaction: bounds the dirty pages one commit writes. */
  transactionRows: number;
}

/**
 * Applies one unit of events and returns the outbox events it wrote; runs inside a transaction
 * (or a savepoint within one).
 */
export type ApplyUnit = (session: string, unit: readonly UnitEvent[]) => OutboxEvent[];

/**
 * Returns `run(session, events)`, which resolves with the outbox events written once every event
 * is committed (the caller makes the commits durable).
 */
export function createUnitWriter(db: Database, applyUnit: ApplyUnit, sizes: UnitSizes) {
  const transactionOf = db.transaction(applyUnit);
  const begin = db.prepare("BEGIN");
  const commit = db.prepare("COMMIT");
  const rollback = db.prepare("ROLLBACK");

  return async (session: string, events: readonly DomainEvent[]): Promise<OutboxEvent[]> => {
    const units = splitIntoUnits(events, sizes.unitRows);
    const last = units.pop() as DomainEvent[];
    const written: OutboxEvent[] = [];
    if (units.length > 0) {
      // Commits write the WAL without fsync (synchronous=NORMAL); the store fsyncs it once the
      // whole call is written, before the call resolves.
      let rows = 0;
      begin.run();
      try {
        for (const unit of units) {
          if (rows >= sizes.transactionRows) {
            commit.run();
            begin.run();
            rows = 0;
          }
          written.push(...transactionOf(session, unit)); // a savepoint inside the open transaction
          rows += unit.reduce((sum, event) => sum + eventRows(event), 0);
          await yieldToEventLoop();
        }
        commit.run();
      } catch (error) {
        if (db.inTransaction) rollback.run();
        throw error;
      }
    }
    written.push(...transactionOf(session, last));
    return written;
  };
}
