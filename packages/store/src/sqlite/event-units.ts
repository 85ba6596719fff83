/**
 * @module Splits a list of events into transaction units of bounded size. A list that fits is one
 * transaction. A bigger list (history sync) is cut only inside and around `history.batch` events:
 * they are idempotent upserts, so a crash between two units loses nothing that a replay of the
 * batch would not restore, and the event loop gets to run between units.
 */
import type { DomainEvent, HistoryBatchEvent } from "@wa/core";

/** The rows a unit may write before it is committed. */
export const DEFAULT_UNIT_ROWS = 125;

/** The rows a transaction of several units may write before it is committed. */
export const DEFAULT_TRANSACTION_ROWS = 1000;

/** The number of rows an event writes, roughly. */
export function eventRows(event: DomainEvent): number {
  switch (event.type) {
    case "history.batch":
      return (
        event.chats.length +
        event.messages.length +
        event.contacts.length +
        event.lidMappings.length
      );
    case "chat.upsert":
      return event.chats.length;
    case "chat.update":
      return event.patches.length;
    case "message.upsert":
      return event.messages.length;
    case "message.delete":
      return event.keys.length;
    case "contact.upsert":
      return event.contacts.length;
    case "lid.mapping":
      return event.mappings.length;
    default:
      return 1;
  }
}

/** The events cut into units of at most `maxRows` rows (a unit holds at least one event). */
export function splitIntoUnits(
  events: readonly DomainEvent[],
  maxRows = DEFAULT_UNIT_ROWS,
): DomainEvent[][] {
  const total = events.reduce((sum, event) => sum + eventRows(event), 0);
  if (total <= maxRows) return [[...events]];
  const units: DomainEvent[][] = [];
  let current: DomainEvent[] = [];
  let rows = 0;
  const flush = () => {
    if (current.length > 0) units.push(current);
    current = [];
    rows = 0;
  };
  for (const event of events) {
    const parts = event.type === "history.batch" ? splitHistory(event, maxRows) : [event];
    for (const part of parts) {
      const size = eventRows(part);
      if (part.type === "history.batch" && rows + size > maxRows) flush();
      current.push(part);
      rows += size;
    }
  }
  flush();
  return units;
}

// --- internal ---

/** Cuts a batch into parts; LID pairs, chats and contacts come before the messages. */
function splitHistory(event: HistoryBatchEvent, maxRows: number): HistoryBatchEvent[] {
  if (eventRows(event) <= maxRows) return [event];
  type Item =
    | ["lidMappings", HistoryBatchEvent["lidMappings"][number]]
    | ["chats", HistoryBatchEvent["chats"][number]]
    | ["contacts", HistoryBatchEvent["contacts"][number]]
    | ["messages", HistoryBatchEvent["messages"][number]];
  const items: Item[] = [
    ...event.lidMappings.map((item): Item => ["lidMappings", item]),
    ...event.chats.map((item): Item => ["chats", item]),
    ...event.contacts.map((item): Item => ["contacts", item]),
    ...event.messages.map((item): Item => ["messages", item]),
  ];
  const parts: HistoryBatchEvent[] = [];
  for (let start = 0; start < items.length; start += maxRows) {
    const part: HistoryBatchEvent = {
      ...event,
      chats: [],
      messages: [],
      contacts: [],
      lidMappings: [],
    };
    for (const [field, item] of items.slice(start, start + maxRows)) {
      (part[field] as unknown[]).push(item);
    }
    parts.push(part);
  }
  return parts;
}
