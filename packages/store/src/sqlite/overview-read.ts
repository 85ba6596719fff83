/**
 * @module The overview read: a page of chats with their contact and newest displayable message,
 * in a fixed number of statements per page (members, contacts and newest messages of all the
 * page's chats at once) instead of several per chat.
 */
import { type ChatId, isLidChat, type OverviewQuery } from "@wa/core";
import type { Database } from "better-sqlite3";
import { overviewRowOf } from "../overview-row.ts";
import type { OverviewRow } from "../types.ts";
import type { ChatReads } from "./chats-read.ts";
import type { MessageReads } from "./messages-read.ts";
import {
  CONTACT_COLUMNS,
  type ContactRow,
  contactFromRow,
  MESSAGE_COLUMNS,
  type MessageRow,
  messageFromRow,
} from "./rows.ts";

/** The overview rows of a query (see `Store.overview`). */
export type OverviewRead = (session: string, query: OverviewQuery) => OverviewRow[];

export function createOverviewRead(
  db: Database,
  chats: ChatReads,
  messages: MessageReads,
): OverviewRead {
  // The LID chats of each phone-number id, in the order `mergedChatIds` lists them.
  const lidsOfPns = db.prepare(`SELECT pn, lid FROM lid_map
    WHERE session = @session AND pn IN (SELECT value FROM json_each(@ids)) ORDER BY pn, lid`);
  const contactsByIds = db.prepare(`SELECT ${CONTACT_COLUMNS} FROM contacts
    WHERE session = @session AND id IN (SELECT value FROM json_each(@ids))`);
  // Each chat's newest displayable message: one walk of the listing index per chat, as newestOf.
  const newestByChats = db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE rowid IN (
    SELECT (SELECT rowid FROM messages
      WHERE session = @session AND chat_id = j.value AND displayable = 1
      ORDER BY timestamp DESC, id DESC LIMIT 1)
    FROM json_each(@ids) j)`);

  /** Each chat's member ids: itself, and with `merge` its LID chats (what `mergedChatIds` gives). */
  const membersOf = (session: string, ids: readonly ChatId[], merge: boolean): ChatId[][] => {
    if (!merge) return ids.map((id) => [id]);
    const pns = ids.filter((id) => !isLidChat(id));
    const lids = new Map<ChatId, ChatId[]>();
    const rows = lidsOfPns.all({ session, ids: JSON.stringify(pns) }) as Array<{
      pn: string;
      lid: string;
    }>;
    for (const row of rows) lids.set(row.pn, [...(lids.get(row.pn) ?? []), row.lid]);
    // A LID id is rare here (an unmapped LID chat): resolved on its own, as before.
    return ids.map((id) =>
      isLidChat(id) ? messages.mergedChatIds(session, id) : [id, ...(lids.get(id) ?? [])],
    );
  };

  return (session, query) => {
    const page = chats.overviewChats(session, query);
    if (page.length === 0) return [];
    const members = membersOf(
      session,
      page.map((chat) => chat.id),
      query.merge,
    );
    const ids = JSON.stringify([...new Set(members.flat())]);
    const contacts = new Map(
      (contactsByIds.all({ session, ids }) as ContactRow[]).map((row) => [row.id, row]),
    );
    const newest = new Map(
      (newestByChats.all({ session, ids }) as MessageRow[]).map((row) => [row.chat_id, row]),
    );
    return page.map((chat, index) =>
      overviewRowOf(
        chat,
        members[index] as ChatId[],
        (id) => {
          const row = contacts.get(id);
          return row ? contactFromRow(row) : null;
        },
        (id) => {
          const row = newest.get(id);
          return row ? messageFromRow(row) : null;
        },
      ),
    );
  };
}
