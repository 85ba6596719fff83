/**
 * @module Stores a list of messages in a few statements whatever its length: the new ones in
 * multi-row inserts of {@link INSERT_CHUNK_ROWS} rows, the ones already stored (replays,
 * replacements) in one update, each computed in JS as SQLite's upsert computes it: a message's ack never goes down (the stored, higher ack
 * and its name are written back into the new JSON), reactions are kept when the new row has none.
 */
import { isDisplayableKind, type StoredMessage } from "@wa/core";
import type { BucketDeltas, BucketedColumns } from "./buckets.ts";
import type { Query, Row } from "./sql.ts";

/** A `messages` row in JS form. */
export interface MessageState extends BucketedColumns {
  id: string;
  participant: string | null;
  kind: string;
  data: string;
  reactions: string | null;
}

/** The row a message is stored as. */
export function messageState(message: StoredMessage): MessageState {
  return {
    chatId: message.key.chatId,
    id: message.key.id,
    fromMe: message.key.fromMe ? 1 : 0,
    participant: message.key.participant ?? null,
    timestamp: message.timestamp,
    ack: message.ack,
    kind: message.kind,
    displayable: isDisplayableKind(message.kind) ? 1 : 0,
    data: JSON.stringify(message.message),
    reactions: message.reactions ? JSON.stringify(message.reactions) : null,
  };
}

/** The stored row after `incoming` replaced `stored` (SQLite's MESSAGE_REPLACE, in JS). */
export function replaceMessage(stored: MessageState, incoming: MessageState): MessageState {
  const reactions = incoming.reactions ?? stored.reactions;
  if (incoming.ack >= stored.ack) return { ...incoming, reactions };
  const message = JSON.parse(incoming.data) as Record<string, unknown>;
  message.ack = stored.ack;
  message.ackName = (JSON.parse(stored.data) as Record<string, unknown>).ackName ?? null;
  return { ...incoming, ack: stored.ack, data: JSON.stringify(message), reactions };
}

export const STATE_COLUMNS =
  "chat_id, id, from_me, participant, timestamp, ack, kind, displayable, data, reactions";

/** A selected row (columns {@link STATE_COLUMNS}) as a state. */
export function stateFromRow(row: Row): MessageState {
  return {
    chatId: row.chat_id as string,
    id: row.id as string,
    fromMe: Number(row.from_me),
    participant: row.participant as string | null,
    timestamp: Number(row.timestamp),
    ack: Number(row.ack),
    kind: row.kind as string,
    displayable: Number(row.displayable),
    data: row.data as string,
    reactions: row.reactions as string | null,
  };
}

const UNNEST_STATES = `unnest($2::text[], $3::text[], $4::smallint[], $5::text[], $6::bigint[],
  $7::int[], $8::text[], $9::smallint[], $10::text[], $11::text[])`;

/**
 * Messages per insert statement. A list is sent as several statements pipelined on the
 * transaction's connection: the server inserts one chunk while JS builds the next, so the two
 * CPUs work side by side instead of in turn (measured on 2 cores: see `bench/ingest-cpu.ts --pg`).
 */
export const INSERT_CHUNK_ROWS = 1000;

// The rows travel as one JSON text per chunk (one native JSON.stringify, parsed once by the server
// as jsonb): far less garbage than ten array literals of escaped texts. The statement answers the
// keys that were already stored (usually none), not the thousands it inserted.
const INSERT_NEW = `WITH input AS (SELECT e->>0 AS chat_id, e->>1 AS id, (e->>2)::smallint AS from_me,
    e->>3 AS participant, (e->>4)::bigint AS timestamp, (e->>5)::int AS ack, e->>6 AS kind,
    (e->>7)::smallint AS displayable, e->>8 AS data, e->>9 AS reactions
  FROM jsonb_array_elements($2::text::jsonb) AS e),
inserted AS (INSERT INTO messages (session, ${STATE_COLUMNS}) SELECT $1, * FROM input
  ON CONFLICT (session, id, chat_id) DO NOTHING RETURNING chat_id, id)
SELECT i.chat_id, i.id FROM input i WHERE NOT EXISTS
  (SELECT 1 FROM inserted n WHERE n.chat_id = i.chat_id AND n.id = i.id)`;

/**
 * Stores the messages in order (a key given twice ends as if stored twice); counts them in their
 * buckets. Returns, per message, whether it was new (only a key's first occurrence can be).
 */
export async function storeMessages(
  query: Query,
  session: string,
  messages: readonly StoredMessage[],
  buckets: BucketDeltas,
): Promise<boolean[]> {
  // Each key's positions in the list, in order: only the first can be new, and the key's row is
  // what storing all of them in turn leaves. Keys are unique, so no two chunks touch one row.
  const byKey = new Map<string, number[]>();
  for (const [index, message] of messages.entries()) {
    const key = `${message.key.chatId}\u0000${message.key.id}`;
    const indexes = byKey.get(key);
    if (indexes) indexes.push(index);
    else byKey.set(key, [index]);
  }
  const keyed = [...byKey];
  const states: MessageState[] = [];
  const statements: Promise<Row[]>[] = [];
  for (let start = 0; start < keyed.length; start += INSERT_CHUNK_ROWS) {
    const rows: unknown[][] = [];
    for (const [, indexes] of keyed.slice(start, start + INSERT_CHUNK_ROWS)) {
      const state = indexes
        .map((index) => messageState(messages[index] as StoredMessage))
        .reduce(replaceMessage);
      states.push(state);
      rows.push(stateRow(state));
    }
    const statement = query(INSERT_NEW, [session, JSON.stringify(rows)]);
    // Awaited below with the others; a failure meanwhile must not count as unhandled.
    statement.catch(() => undefined);
    statements.push(statement);
    // Lets the statement go out before the next chunk is built.
    if (start + INSERT_CHUNK_ROWS < keyed.length) await new Promise(setImmediate);
  }
  const stored = (await Promise.all(statements)).flat();
  const isStored = new Set(stored.map((row) => `${row.chat_id}\u0000${row.id}`));
  const result = messages.map(() => false);
  const existing: MessageState[] = [];
  for (const [position, [key, indexes]] of keyed.entries()) {
    const state = states[position] as MessageState;
    if (isStored.has(key)) {
      existing.push(state);
    } else {
      result[indexes[0] as number] = true;
      buckets.add(state, 1);
    }
  }
  if (existing.length > 0) await replaceStored(query, session, existing, buckets);
  return result;
}

// --- internal ---

/** The rare path: messages already stored are replaced, moving their bucket counts. */
async function replaceStored(
  query: Query,
  session: string,
  incoming: readonly MessageState[],
  buckets: BucketDeltas,
): Promise<void> {
  const rows = await query(
    `SELECT ${STATE_COLUMNS} FROM messages WHERE session = $1
    AND (id, chat_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
    [session, incoming.map((state) => state.id), incoming.map((state) => state.chatId)],
  );
  const stored = new Map(rows.map((row) => [`${row.chat_id}\u0000${row.id}`, stateFromRow(row)]));
  const replaced = incoming.map((state) => {
    const before = stored.get(`${state.chatId}\u0000${state.id}`) as MessageState;
    const after = replaceMessage(before, state);
    buckets.add(before, -1);
    buckets.add(after, 1);
    return after;
  });
  await query(
    `UPDATE messages m SET from_me = u.from_me, participant = u.participant,
      timestamp = u.timestamp, ack = u.ack, kind = u.kind, displayable = u.displayable,
      data = u.data, reactions = u.reactions
    FROM ${UNNEST_STATES} AS u(${STATE_COLUMNS})
    WHERE m.session = $1 AND m.id = u.id AND m.chat_id = u.chat_id`,
    [session, ...stateColumns(replaced)],
  );
}

/** A state as the JSON array the insert reads, in {@link STATE_COLUMNS} order. */
function stateRow(state: MessageState): unknown[] {
  return [
    state.chatId,
    state.id,
    state.fromMe,
    state.participant,
    state.timestamp,
    state.ack,
    state.kind,
    state.displayable,
    state.data,
    state.reactions,
  ];
}

function stateColumns(states: readonly MessageState[]) {
  return [
    states.map((state) => state.chatId),
    states.map((state) => state.id),
    states.map((state) => state.fromMe),
    states.map((state) => state.participant),
    states.map((state) => state.timestamp),
    states.map((state) => state.ack),
    states.map((state) => state.kind),
    states.map((state) => state.displayable),
    states.map((state) => state.data),
    states.map((state) => state.reactions),
  ];
}
