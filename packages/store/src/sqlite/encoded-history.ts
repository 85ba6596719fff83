/**
 * @module History messages encoded for the ingest worker. Handing a unit to the worker clones it,
 * and cloning a message object (its nested WAMessage, every property name written out each time)
 * cost more CPU than writing its row: so the main thread hands over each message as its row
 * parameters instead ({@link messageParams}: flat values, the WAMessage already JSON text), which
 * the worker binds as they are. The stored bytes are the same: the same function makes them.
 */
import type { DomainEvent, HistoryBatchEvent } from "@wa/core";
import { eventRows } from "./event-units.ts";
import { messageParams } from "./rows.ts";

/** A `history.batch` whose messages are already row parameters. */
export interface EncodedHistoryBatch extends Omit<HistoryBatchEvent, "type" | "messages"> {
  type: "history.encoded";
  /** One {@link messageParams} array per message, in the batch's order. */
  messageRows: unknown[][];
}

/** An event of a unit applied to the database: a domain event, or history encoded for the worker. */
export type UnitEvent = DomainEvent | EncodedHistoryBatch;

/** The unit with its history batches encoded (other events are handed over as they are). */
export function encodeUnit(session: string, unit: readonly DomainEvent[]): UnitEvent[] {
  return unit.map((event): UnitEvent => {
    if (event.type !== "history.batch") return event;
    const { messages, type: _type, ...rest } = event;
    const messageRows = messages.map((message) => messageParams(session, message));
    return { ...rest, type: "history.encoded", messageRows };
  });
}

/** {@link eventRows} of a unit's event, encoded or not. */
export function unitEventRows(event: UnitEvent): number {
  if (event.type !== "history.encoded") return eventRows(event);
  return (
    event.chats.length + event.messageRows.length + event.contacts.length + event.lidMappings.length
  );
}
