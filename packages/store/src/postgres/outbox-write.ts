/**
 * @module Writes a unit's outbox events inside its transaction, as `sqlite/outbox-write.ts` does:
 * each gets the session's next `seq` and a monotonic `evt_` id from the stream row (read and
 * written in the same transaction, under the session's write lock, so seqs commit in order).
 */
import { createEventIds, decodeEventId, type StatusPoint, sessionStatusPayload } from "@wa/core";
import type { EventDraft } from "../sqlite/outbox-write.ts";
import type { OutboxEvent } from "../types.ts";
import type { Query } from "./sql.ts";

/** Writes the drafts as events, in order; returns the events written. */
export async function writeOutbox(
  query: Query,
  session: string,
  drafts: readonly EventDraft[],
): Promise<OutboxEvent[]> {
  if (drafts.length === 0) return [];
  const [stream] = await query(
    "SELECT last_seq, last_id, statuses FROM outbox_streams WHERE session = $1",
    [session],
  );
  let seq = stream ? Number(stream.last_seq) : 0;
  let lastId = (stream?.last_id as string | undefined) ?? null;
  let statuses: StatusPoint[] = stream ? JSON.parse(stream.statuses as string) : [];
  const nextId = createEventIds({ after: lastId });
  const written: OutboxEvent[] = [];
  for (const draft of drafts) {
    if (draft.event === "session.status" && statuses.at(-1)?.status === draft.status) continue;
    const id = nextId();
    const timestamp = decodeEventId(id).time;
    let payload: string;
    let chatId: string | null = null;
    if (draft.event === "session.status") {
      const status = sessionStatusPayload(session, draft.status, timestamp, statuses);
      statuses = status.statuses;
      payload = JSON.stringify(status);
    } else {
      payload = draft.payload;
      chatId = draft.chatId;
    }
    written.push({ session, seq: ++seq, id, event: draft.event, chatId, timestamp, payload });
    lastId = id;
  }
  if (written.length === 0) return [];
  await query(
    `INSERT INTO outbox (session, seq, id, event, chat_id, timestamp, payload)
    SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[])`,
    [
      session,
      written.map((event) => event.seq),
      written.map((event) => event.id),
      written.map((event) => event.event),
      written.map((event) => event.chatId),
      written.map((event) => event.timestamp),
      written.map((event) => event.payload),
    ],
  );
  await query(
    `INSERT INTO outbox_streams (session, last_seq, last_id, statuses) VALUES ($1, $2, $3, $4)
    ON CONFLICT (session) DO UPDATE SET last_seq = excluded.last_seq, last_id = excluded.last_id,
      statuses = excluded.statuses`,
    [session, seq, lastId, JSON.stringify(statuses)],
  );
  return written;
}
