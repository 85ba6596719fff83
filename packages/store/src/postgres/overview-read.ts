/**
 * @module The overview read: a page of chats with their contact and newest displayable message,
 * in a fixed number of statements per page (members, contacts and newest messages of all the
 * page's chats at once).
 */
import { type ChatId, isLidChat, type OverviewQuery } from "@wa/core";
import { overviewRowOf } from "../overview-row.ts";
import {
  CONTACT_COLUMNS,
  type ContactRow,
  contactFromRow,
  MESSAGE_COLUMNS,
} from "../sqlite/rows.ts";
import type { OverviewRow } from "../types.ts";
import type { ChatReads } from "./chats-read.ts";
import { asMessage, type MessageReads } from "./messages-read.ts";
import type { Query, Row } from "./sql.ts";

/** The overview rows of a query (see `Store.overview`). */
export type OverviewRead = (session: string, query: OverviewQuery) => Promise<OverviewRow[]>;

export function createOverviewRead(
  query: Query,
  chats: ChatReads,
  messages: MessageReads,
): OverviewRead {
  // The page's ids and (when merging) the LID chats of its phone-number ids, resolved inside each
  // statement, so the LID pairs, contacts and newest messages are read at once, in parallel.
  const MEMBERS = `SELECT unnest($2::text[]) AS id
    UNION SELECT lid FROM lid_map WHERE session = $1 AND pn = ANY($3::text[])`;
  const contactsOf = (session: string, ids: readonly ChatId[], pns: readonly ChatId[]) =>
    query(`SELECT ${CONTACT_COLUMNS} FROM contacts WHERE session = $1 AND id IN (${MEMBERS})`, [
      session,
      ids,
      pns,
    ]);
  // Each chat's newest displayable message: one short walk of the listing index per chat.
  const newestOf = (session: string, ids: readonly ChatId[], pns: readonly ChatId[]) =>
    query(
      `SELECT n.* FROM (${MEMBERS}) AS j CROSS JOIN LATERAL (
        SELECT ${MESSAGE_COLUMNS} FROM messages
        WHERE session = $1 AND chat_id = j.id AND displayable = 1
        ORDER BY timestamp DESC, id DESC LIMIT 1) AS n`,
      [session, ids, pns],
    );

  return async (session, request) => {
    const page = await chats.overviewChats(session, request);
    if (page.length === 0) return [];
    const ids = page.map((chat) => chat.id);
    const pns = request.merge ? ids.filter((id) => !isLidChat(id)) : [];
    // A LID id is rare here (an unmapped LID chat): resolved on its own, as `mergedChatIds` does.
    const lidIds = request.merge ? ids.filter(isLidChat) : [];
    const [pairs, lidMembers, contactRows, newestRows] = await Promise.all([
      pns.length === 0
        ? []
        : query(
            "SELECT pn, lid FROM lid_map WHERE session = $1 AND pn = ANY($2::text[]) ORDER BY pn, lid",
            [session, pns],
          ),
      Promise.all(lidIds.map((id) => messages.mergedChatIds(session, id))),
      contactsOf(session, ids, pns),
      newestOf(session, ids, pns),
    ]);
    const lids = new Map<ChatId, ChatId[]>();
    for (const row of pairs) {
      const pn = row.pn as string;
      lids.set(pn, [...(lids.get(pn) ?? []), row.lid as string]);
    }
    const ofLid = new Map(lidIds.map((id, index) => [id, lidMembers[index] as ChatId[]]));
    const members = ids.map((id): ChatId[] =>
      !request.merge ? [id] : (ofLid.get(id) ?? [id, ...(lids.get(id) ?? [])]),
    );
    const contacts = new Map<string, Row>(contactRows.map((row) => [row.id as string, row]));
    const newest = new Map<string, Row>(newestRows.map((row) => [row.chat_id as string, row]));
    // A LID chat mapped between the reads names members the statements did not cover.
    const covered = new Set([...ids, ...pairs.map((row) => row.lid as string)]);
    const missed = [...new Set(members.flat())].filter((id) => !covered.has(id));
    if (missed.length > 0) {
      const [moreContacts, moreNewest] = await Promise.all([
        contactsOf(session, missed, []),
        newestOf(session, missed, []),
      ]);
      for (const row of moreContacts) contacts.set(row.id as string, row);
      for (const row of moreNewest) newest.set(row.chat_id as string, row);
    }
    return page.map((chat, index) =>
      overviewRowOf(
        chat,
        members[index] as ChatId[],
        (id) => {
          const row = contacts.get(id);
          return row ? contactFromRow(row as unknown as ContactRow) : null;
        },
        (id) => {
          const row = newest.get(id);
          return row ? asMessage(row) : null;
        },
      ),
    );
  };
}
