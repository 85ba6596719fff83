/**
 * @module The overview read: a page of chats with their contact and newest displayable message,
 * in a fixed number of statements per page (members, contacts and newest messages of all the
 * page's chats at once).
 */
import { type ChatId, compareMessages, isLidChat, type OverviewQuery } from "@wa/core";
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
  /** Each chat's member ids: itself, and with `merge` its LID chats (what `mergedChatIds` gives). */
  const membersOf = async (
    session: string,
    ids: readonly ChatId[],
    merge: boolean,
  ): Promise<ChatId[][]> => {
    if (!merge) return ids.map((id) => [id]);
    const pns = ids.filter((id) => !isLidChat(id));
    const lids = new Map<ChatId, ChatId[]>();
    const rows = await query(
      "SELECT pn, lid FROM lid_map WHERE session = $1 AND pn = ANY($2::text[]) ORDER BY pn, lid",
      [session, pns],
    );
    for (const row of rows) {
      const pn = row.pn as string;
      lids.set(pn, [...(lids.get(pn) ?? []), row.lid as string]);
    }
    // A LID id is rare here (an unmapped LID chat): resolved on its own.
    return Promise.all(
      ids.map((id) =>
        isLidChat(id) ? messages.mergedChatIds(session, id) : [id, ...(lids.get(id) ?? [])],
      ),
    );
  };

  return async (session, request) => {
    const page = await chats.overviewChats(session, request);
    if (page.length === 0) return [];
    const members = await membersOf(
      session,
      page.map((chat) => chat.id),
      request.merge,
    );
    const ids = [...new Set(members.flat())];
    const [contactRows, newestRows] = await Promise.all([
      query(`SELECT ${CONTACT_COLUMNS} FROM contacts WHERE session = $1 AND id = ANY($2::text[])`, [
        session,
        ids,
      ]),
      // Each chat's newest displayable message: one short walk of the listing index per chat.
      query(
        `SELECT n.* FROM unnest($2::text[]) AS j(id) CROSS JOIN LATERAL (
          SELECT ${MESSAGE_COLUMNS} FROM messages
          WHERE session = $1 AND chat_id = j.id AND displayable = 1
          ORDER BY timestamp DESC, id DESC LIMIT 1) AS n`,
        [session, ids],
      ),
    ]);
    const contacts = new Map<string, Row>(contactRows.map((row) => [row.id as string, row]));
    const newest = new Map<string, Row>(newestRows.map((row) => [row.chat_id as string, row]));
    return page.map((chat, index): OverviewRow => {
      const chatMembers = members[index] as ChatId[];
      const contactRow = chatMembers.map((id) => contacts.get(id)).find((row) => row);
      let lastMessage: OverviewRow["lastMessage"] = null;
      for (const id of chatMembers) {
        const row = newest.get(id);
        const candidate = row ? asMessage(row) : null;
        // Strictly newer only: on a tie the earlier member wins.
        if (candidate && (!lastMessage || compareMessages(candidate, lastMessage, "desc") < 0)) {
          lastMessage = candidate;
        }
      }
      const contact = contactRow ? contactFromRow(contactRow as unknown as ContactRow) : null;
      return { chat, lastMessage, contact };
    });
  };
}
