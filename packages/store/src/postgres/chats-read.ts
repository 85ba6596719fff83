/**
 * @module Chat reads: GET /chats and the overview's chats. Unmerged lists sort in SQL (NULLs
 * lowest, as SQLite and @wa/core sort them); merged lists walk the activity index in growing
 * batches, stop once the page is known, and fold the page's PN + LID chats with @wa/core's own
 * `mergeChats`. @wa/core's `LidResolver` is synchronous: the LID pairs a read needs are
 * fetched first, in one statement, and resolved from memory.
 */
import {
  applyChatsQuery,
  type Chat,
  type ChatId,
  type ChatSortField,
  type ChatsQuery,
  compareChats,
  isLidChat,
  isOverviewCandidate,
  type LidResolver,
  mergeChats,
  type OverviewQuery,
  paginate,
  primaryChatId,
  type SortOrder,
  selectOverview,
} from "@wa/core";
import { CHAT_COLUMNS, type ChatRow, chatFromRow } from "../sqlite/rows.ts";
import type { Query, Row } from "./sql.ts";

/** The chat reads of one database. */
export interface ChatReads {
  list(session: string, query: ChatsQuery): Promise<Chat[]>;
  /** The overview's chats (merged when asked), last activity first, paginated. */
  overviewChats(session: string, query: OverviewQuery): Promise<Chat[]>;
  get(session: string, chatId: ChatId): Promise<Chat | null>;
  /** A resolver that knows the LID pairs of these ids (other ids resolve to undefined). */
  resolverFor(session: string, ids: readonly ChatId[]): Promise<LidResolver>;
}

// Whitelists: validated sort fields and orders map to fixed SQL fragments.
const SORT_COLUMN: Record<ChatSortField, string> = {
  conversationTimestamp: "conversation_timestamp",
  id: "id",
  name: "name",
};
const SORT_DIRECTION: Record<SortOrder, string> = {
  asc: "ASC NULLS FIRST",
  desc: "DESC NULLS LAST",
};
const CHAT_C = CHAT_COLUMNS.split(", ")
  .map((column) => `c.${column}`)
  .join(", ");

const asChat = (row: Row) => chatFromRow(row as unknown as ChatRow);

export function createChatReads(query: Query): ChatReads {
  const resolverFor = async (session: string, ids: readonly ChatId[]): Promise<LidResolver> => {
    const lids = [...new Set(ids.filter(isLidChat))];
    if (lids.length === 0) return () => undefined;
    const rows = await query(
      "SELECT lid, pn FROM lid_map WHERE session = $1 AND lid = ANY($2::text[])",
      [session, lids],
    );
    const known = new Map(rows.map((row) => [row.lid as string, row.pn as string]));
    return (lid) => known.get(lid);
  };

  /**
   * The primary ids of the first `wanted` merged chats by activity. A merged chat's activity is
   * its newest member's, so walking chats newest first meets every merged chat at its own
   * activity; the walk stops once enough ids are known and the activity drops below the last.
   */
  const topPrimaries = async (
    session: string,
    wanted: number,
    include: (id: ChatId, timestamp: number) => boolean,
    merge: boolean,
  ): Promise<ChatId[]> => {
    const primaries = new Set<ChatId>();
    let lastTimestamp = Number.POSITIVE_INFINITY;
    let batch = Number.isFinite(wanted) ? Math.max(64, wanted * 2) : 4096;
    let after: [number, string] | null = null;
    for (;;) {
      const rows: Row[] = after
        ? await query(
            `SELECT c.id, c.conversation_timestamp, m.pn FROM chats c
            LEFT JOIN lid_map m ON m.session = c.session AND m.lid = c.id
            WHERE c.session = $1 AND c.conversation_timestamp IS NOT NULL
              AND (c.conversation_timestamp, c.id) < ($2, $3)
            ORDER BY c.conversation_timestamp DESC, c.id DESC LIMIT $4`,
            [session, after[0], after[1], batch],
          )
        : await query(
            `SELECT c.id, c.conversation_timestamp, m.pn FROM chats c
            LEFT JOIN lid_map m ON m.session = c.session AND m.lid = c.id
            WHERE c.session = $1 AND c.conversation_timestamp IS NOT NULL
            ORDER BY c.conversation_timestamp DESC, c.id DESC LIMIT $2`,
            [session, batch],
          );
      for (const row of rows) {
        const id = row.id as string;
        const timestamp = Number(row.conversation_timestamp);
        if (primaries.size >= wanted && timestamp < lastTimestamp) return [...primaries];
        if (!include(id, timestamp)) continue;
        const primary = merge && isLidChat(id) ? ((row.pn as string | null) ?? id) : id;
        if (!primaries.has(primary)) {
          primaries.add(primary);
          lastTimestamp = timestamp;
        }
      }
      const last = rows.at(-1);
      if (rows.length < batch || !last) return [...primaries];
      after = [Number(last.conversation_timestamp), last.id as string];
      batch *= 4;
    }
  };

  /** Every primary's chat, then its LID chats by id, primaries in the given order. */
  const membersOf = async (
    session: string,
    primaries: readonly ChatId[],
  ): Promise<{ chats: Chat[]; resolve: LidResolver }> => {
    if (primaries.length === 0) return { chats: [], resolve: () => undefined };
    const rows = await query(
      `SELECT g.ord AS grp, 0 AS sub, NULL::text AS pn, ${CHAT_C}
      FROM unnest($2::text[]) WITH ORDINALITY AS g(id, ord)
      JOIN chats c ON c.session = $1 AND c.id = g.id
      UNION ALL SELECT g.ord, 1, g.id, ${CHAT_C}
      FROM unnest($2::text[]) WITH ORDINALITY AS g(id, ord)
      JOIN lid_map m ON m.session = $1 AND m.pn = g.id
      JOIN chats c ON c.session = $1 AND c.id = m.lid
      ORDER BY grp, sub, id`,
      [session, primaries],
    );
    const pairs = new Map<ChatId, ChatId>();
    for (const row of rows) if (row.pn !== null) pairs.set(row.id as string, row.pn as string);
    return { chats: rows.map(asChat), resolve: (lid) => pairs.get(lid) };
  };

  /** The chats of these (existing) ids, in their order. */
  const chatsByIds = async (session: string, ids: readonly ChatId[]): Promise<Chat[]> => {
    if (ids.length === 0) return [];
    const rows = await query(
      `SELECT ${CHAT_COLUMNS} FROM chats WHERE session = $1 AND id = ANY($2::text[])`,
      [session, ids],
    );
    const byId = new Map(rows.map((row) => [row.id as string, row]));
    return ids.map((id) => asChat(byId.get(id) as Row));
  };

  return {
    resolverFor,

    async get(session, chatId) {
      const [row] = await query(
        `SELECT ${CHAT_COLUMNS} FROM chats WHERE session = $1 AND id = $2`,
        [session, chatId],
      );
      return row ? asChat(row) : null;
    },

    async list(session, request) {
      if (!request.merge) {
        const column = SORT_COLUMN[request.sortBy];
        const direction = SORT_DIRECTION[request.sortOrder];
        const rows = await query(
          `SELECT ${CHAT_COLUMNS} FROM chats
          WHERE session = $1 AND conversation_timestamp IS NOT NULL
          ORDER BY ${column} ${direction}, id ${direction} LIMIT $2 OFFSET $3`,
          [session, request.limit ? request.limit : null, request.offset],
        );
        return rows.map(asChat);
      }
      // The walk pays off for a page; a whole list is cheaper folded from one query.
      const paged = request.limit !== undefined && request.limit > 0;
      if (paged && request.sortBy === "conversationTimestamp" && request.sortOrder === "desc") {
        const wanted = request.offset + (request.limit ?? 0);
        const primaries = await topPrimaries(session, wanted, () => true, true);
        const members = await membersOf(session, primaries);
        const active = members.chats.filter((chat) => chat.conversationTimestamp !== null);
        return applyChatsQuery(mergeChats(active, members.resolve), request);
      }
      // Other orders need every merged chat's sort value: fold them all (GET /chats lists all).
      const rows = await query(
        `SELECT ${CHAT_COLUMNS} FROM chats WHERE session = $1 AND conversation_timestamp IS NOT NULL`,
        [session],
      );
      const chats = rows.map(asChat);
      const resolve = await resolverFor(
        session,
        chats.map((chat) => chat.id),
      );
      return applyChatsQuery(mergeChats(chats, resolve), request);
    },

    async overviewChats(session, request) {
      if (request.ids) {
        // The reference filter decides; the SQL only narrows to chats it could possibly keep.
        const named = await resolverFor(session, request.ids);
        const wanted = [...new Set(request.ids.flatMap((id) => [id, primaryChatId(id, named)]))];
        const rows = await query(
          // Two index lookups (UNION), not one OR that the planner answers by scanning every chat.
          `SELECT ${CHAT_COLUMNS} FROM chats WHERE session = $1 AND id = ANY($2::text[])
          UNION SELECT ${CHAT_C} FROM lid_map m JOIN chats c ON c.session = m.session AND c.id = m.lid
          WHERE m.session = $1 AND m.pn = ANY($2::text[])`,
          [session, wanted],
        );
        const chats = rows.map(asChat);
        const resolve = await resolverFor(session, [
          ...request.ids,
          ...chats.map((chat) => chat.id),
        ]);
        return selectOverview(chats, request, resolve);
      }
      const wanted = request.limit ? request.offset + request.limit : Number.POSITIVE_INFINITY;
      const include = (id: ChatId, timestamp: number) =>
        isOverviewCandidate({ id, conversationTimestamp: timestamp } as Chat);
      const primaries = await topPrimaries(session, wanted, include, request.merge);
      const members = request.merge
        ? await membersOf(session, primaries)
        : { chats: await chatsByIds(session, primaries), resolve: () => undefined };
      const listed = selectOverview(
        members.chats,
        { ...request, offset: 0, limit: 0 },
        members.resolve,
      );
      listed.sort((a, b) => compareChats(a, b, "conversationTimestamp", "desc"));
      return paginate(listed, request);
    },
  };
}
