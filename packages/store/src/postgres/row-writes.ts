/**
 * @module Multi-row upserts of chats, contacts and LID pairs: one statement per list. A list may
 * name one id twice; it is folded in JS first to what applying the rows one by one would leave,
 * since one PostgreSQL upsert may not touch a row twice.
 */
import type { Chat, Contact, LidMapping } from "@wa/core";
import { toJson } from "../sqlite/rows.ts";
import type { Query } from "./sql.ts";

/** A null conversation timestamp never wins over a known one; a newer one always does. */
export const newerActivity = (stored: number | null, incoming: number | null): number | null =>
  stored === null ? incoming : incoming === null ? stored : Math.max(stored, incoming);

const NEWER_ACTIVITY = `CASE
  WHEN chats.conversation_timestamp IS NULL THEN excluded.conversation_timestamp
  WHEN excluded.conversation_timestamp IS NULL THEN chats.conversation_timestamp
  WHEN excluded.conversation_timestamp > chats.conversation_timestamp THEN excluded.conversation_timestamp
  ELSE chats.conversation_timestamp END`;

/** Inserts or replaces chats (their activity never goes back). */
export async function upsertChats(query: Query, session: string, chats: readonly Chat[]) {
  if (chats.length === 0) return;
  const folded = new Map<string, Chat>();
  for (const chat of chats) {
    const before = folded.get(chat.id);
    const timestamp = chat.conversationTimestamp ?? null;
    folded.set(chat.id, {
      ...chat,
      conversationTimestamp: before
        ? newerActivity(before.conversationTimestamp, timestamp)
        : timestamp,
    });
  }
  const rows = [...folded.values()];
  await query(
    `INSERT INTO chats (session, id, name, conversation_timestamp, unread_count, archived, pinned, data)
    SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bigint[], $5::int[], $6::smallint[],
      $7::smallint[], $8::text[])
    ON CONFLICT (session, id) DO UPDATE SET
      name = excluded.name,
      conversation_timestamp = ${NEWER_ACTIVITY},
      unread_count = excluded.unread_count,
      archived = excluded.archived,
      pinned = excluded.pinned,
      data = excluded.data`,
    [
      session,
      rows.map((chat) => chat.id),
      rows.map((chat) => chat.name ?? null),
      rows.map((chat) => chat.conversationTimestamp ?? null),
      rows.map((chat) => chat.unreadCount ?? 0),
      rows.map((chat) => (chat.archived ? 1 : 0)),
      rows.map((chat) => (chat.pinned ? 1 : 0)),
      rows.map((chat) => toJson(chat.raw)),
    ],
  );
}

interface ContactFields {
  name: string | null;
  hasName: number;
  pushName: string | null;
  hasPushName: number;
  data: string | null;
}

/** Inserts or updates contacts; a field a contact omits keeps its stored value. */
export async function upsertContacts(query: Query, session: string, contacts: readonly Contact[]) {
  if (contacts.length === 0) return;
  const folded = new Map<string, ContactFields>();
  for (const contact of contacts) {
    const before = folded.get(contact.id);
    const hasName = contact.name !== undefined;
    const hasPushName = contact.pushName !== undefined;
    folded.set(contact.id, {
      name: hasName ? (contact.name ?? null) : (before?.name ?? null),
      hasName: hasName || before?.hasName === 1 ? 1 : 0,
      pushName: hasPushName ? (contact.pushName ?? null) : (before?.pushName ?? null),
      hasPushName: hasPushName || before?.hasPushName === 1 ? 1 : 0,
      data: toJson(contact.raw) ?? before?.data ?? null,
    });
  }
  const ids = [...folded.keys()];
  const rows = [...folded.values()];
  const columns = [
    ids,
    rows.map((row) => row.name),
    rows.map((row) => row.hasName),
    rows.map((row) => row.pushName),
    rows.map((row) => row.hasPushName),
    rows.map((row) => row.data),
  ];
  const CONTACTS = `unnest($2::text[], $3::text[], $4::smallint[], $5::text[], $6::smallint[],
    $7::text[]) AS u(id, name, has_name, push_name, has_push_name, data)`;
  // Stored contacts are updated field by field; the others inserted (the session's writes are
  // serialized, so nothing inserts them in between).
  const updated = await query(
    `UPDATE contacts c SET
      name = CASE WHEN u.has_name = 1 THEN u.name ELSE c.name END,
      push_name = CASE WHEN u.has_push_name = 1 THEN u.push_name ELSE c.push_name END,
      data = COALESCE(u.data, c.data)
    FROM ${CONTACTS} WHERE c.session = $1 AND c.id = u.id RETURNING c.id`,
    [session, ...columns],
  );
  if (updated.length === rows.length) return;
  await query(
    `INSERT INTO contacts (session, id, name, push_name, data)
    SELECT $1, u.id, u.name, u.push_name, u.data FROM ${CONTACTS}
    ON CONFLICT (session, id) DO NOTHING`,
    [session, ...columns],
  );
}

/** Inserts or replaces LID ⇄ PN pairs. */
export async function upsertLids(query: Query, session: string, pairs: readonly LidMapping[]) {
  if (pairs.length === 0) return;
  const folded = new Map(pairs.map((pair) => [pair.lid, pair.pn]));
  await query(
    `INSERT INTO lid_map (session, lid, pn) SELECT $1, * FROM unnest($2::text[], $3::text[])
    ON CONFLICT (session, lid) DO UPDATE SET pn = excluded.pn`,
    [session, [...folded.keys()], [...folded.values()]],
  );
}
