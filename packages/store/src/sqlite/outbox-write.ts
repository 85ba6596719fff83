/**
 * @module Writes a unit's outbox events inside its transaction: each gets the session's next `seq`
 * and a monotonic `evt_` id from the stream row (read and written back in the same transaction, so
 * a rolled-back unit hands out nothing), and `session.status` drafts become events only when the
 * status differs from the stream's last one.
 */
import {
  createEventIds,
  decodeEventId,
  type EventName,
  type SessionStatus,
  type StatusPoint,
  sessionStatusPayload,
} from "@wa/core";
import type { Database } from "better-sqlite3";
import type { OutboxEvent } from "../types.ts";

/** An event about to be written; `session.status` ones get their payload from the stream. */
export type EventDraft =
  | { event: Exclude<EventName, "session.status">; chatId: string; payload: string }
  | { event: "session.status"; status: SessionStatus };

interface StreamRow {
  last_seq: number;
  last_id: string;
  statuses: string;
}

/** Returns `write(session, drafts)`: the events written, in order (call inside the transaction). */
export function createOutboxWriter(db: Database) {
  const readStream = db.prepare(
    "SELECT last_seq, last_id, statuses FROM outbox_streams WHERE session = ?",
  );
  const writeStream = db.prepare(`INSERT INTO outbox_streams (session, last_seq, last_id, statuses)
    VALUES (?, ?, ?, ?) ON CONFLICT (session) DO UPDATE SET
      last_seq = excluded.last_seq, last_id = excluded.last_id, statuses = excluded.statuses`);
  const insert =
    db.prepare(`INSERT INTO outbox (session, seq, id, event, chat_id, timestamp, payload)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);

  return (session: string, drafts: readonly EventDraft[]): OutboxEvent[] => {
    if (drafts.length === 0) return [];
    const stream = readStream.get(session) as StreamRow | undefined;
    let seq = stream ? Number(stream.last_seq) : 0;
    let lastId = stream?.last_id ?? null;
    let statuses: StatusPoint[] = stream ? JSON.parse(stream.statuses) : [];
    const nextId = createEventIds({ after: lastId });
    const written: OutboxEvent[] = [];
    for (const draft of drafts) {
      if (draft.event === "session.status" && statuses.at(-1)?.status === draft.status) continue;
      const id = nextId();
      const timestamp = decodeEventId(id).time;
      let event: OutboxEvent;
      if (draft.event === "session.status") {
        const payload = sessionStatusPayload(session, draft.status, timestamp, statuses);
        statuses = payload.statuses;
        event = {
          ...{ session, seq: ++seq, id, event: draft.event, chatId: null, timestamp },
          payload: JSON.stringify(payload),
        };
      } else {
        event = {
          session,
          seq: ++seq,
          id,
          event: draft.event,
          chatId: draft.chatId,
          timestamp,
          payload: draft.payload,
        };
      }
      insert.run(session, event.seq, id, event.event, event.chatId, timestamp, event.payload);
      written.push(event);
      lastId = id;
    }
    if (written.length > 0) writeStream.run(session, seq, lastId, JSON.stringify(statuses));
    return written;
  };
}
