/**
 * @module The SQL of a messages page, assembled from fixed fragments only: the query's shape
 * (which filters are present, the scope, the order) picks the fragments and every value is a
 * `$n` parameter. The page's keys are chosen on the listing index alone (so an OFFSET skips
 * index entries), then its rows are fetched by key.
 */
import type { MessagesFilter, SortOrder } from "@wa/core";

/** Where a page's messages come from: one chat, several (a merged PN + LID chat), or all. */
export interface PageSelection {
  session: string;
  /** Empty for every chat of the session. */
  chats: readonly string[];
  filter: MessagesFilter;
  order: SortOrder;
  /** 0: no limit. */
  limit: number;
  offset: number;
  /** Replaces the filter's lower bound (an ascending walk starting at a day's start). */
  gte?: number;
  /**
   * Replaces the filter's upper bound (a descending walk starting at a day's last second). An
   * inclusive bound like the filter's, so that a deep page runs the very statement text of the
   * first page with that filter: already prepared, and past its custom plans.
   */
  lte?: number;
}

// Whitelist: the validated sort order maps to a fixed fragment, never to the input text.
const ORDER_SQL: Record<SortOrder, string> = {
  asc: "ORDER BY timestamp ASC, id ASC",
  desc: "ORDER BY timestamp DESC, id DESC",
};

/** The SQL and parameters of a page; `columns` are the message columns to return. */
export function pageSql(page: PageSelection, columns: string): { text: string; params: unknown[] } {
  const params: unknown[] = [page.session];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const { filter } = page;
  const gte = page.gte ?? filter.timestampGte;
  const lte = page.lte ?? filter.timestampLte;
  const conditions = [
    filter.fromMe !== undefined ? `AND from_me = ${bind(filter.fromMe ? 1 : 0)}` : "",
    filter.ack !== undefined ? `AND ack = ${bind(filter.ack)}` : "",
    lte !== undefined ? `AND timestamp <= ${bind(lte)}` : "",
    gte !== undefined ? `AND timestamp >= ${bind(gte)}` : "",
  ].join(" ");
  const order = ORDER_SQL[page.order];
  const keys = "SELECT chat_id, id, timestamp FROM messages";
  const where = (chat: string) => `WHERE session = $1 ${chat} AND displayable = 1 ${conditions}`;
  const limit = page.limit > 0 ? page.limit : null;
  let selection: string;
  if (page.chats.length <= 1) {
    const chat = page.chats[0] === undefined ? "" : `AND chat_id = ${bind(page.chats[0])}`;
    selection = `${keys} ${where(chat)} ${order} LIMIT ${bind(limit)} OFFSET ${bind(page.offset)}`;
  } else {
    // Merged chats: each chat walks its own index range for at most offset + limit rows, and
    // only those are ordered together, instead of sorting every message of every merged chat.
    const window = bind(limit === null ? null : page.offset + limit);
    const parts = page.chats.map(
      (chat) => `(${keys} ${where(`AND chat_id = ${bind(chat)}`)} ${order} LIMIT ${window})`,
    );
    selection = `SELECT * FROM (${parts.join(" UNION ALL ")}) AS merged ${order}
      LIMIT ${bind(limit)} OFFSET ${bind(page.offset)}`;
  }
  const pageOrder =
    page.order === "asc" ? "p.timestamp ASC, p.id ASC" : "p.timestamp DESC, p.id DESC";
  const text = `SELECT ${columns} FROM (${selection}) AS p
    JOIN messages m ON m.session = $1 AND m.id = p.id AND m.chat_id = p.chat_id
    ORDER BY ${pageOrder}`;
  return { text, params };
}
