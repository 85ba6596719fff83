/**
 * @module The SQL of a messages page, assembled from fixed fragments only: the query's shape
 * (which filters are present, the scope, the order) picks the fragments; values are always bound.
 */
import type { MessagesFilter, SortOrder } from "@wa/core";

/** Where the messages come from: one chat, several (a merged PN + LID chat), or every chat. */
export type MessageScope = "chat" | "chats" | "all";

/** The shape of a messages query; one prepared statement per distinct shape. */
export interface MessagePageShape {
  scope: MessageScope;
  /** How many chats a `chats` scope merges (1 otherwise). */
  chatCount: number;
  fromMe: boolean;
  ack: boolean;
  lte: boolean;
  gte: boolean;
  /** An exclusive upper timestamp bound `@below` (a descending walk starting at a bucket's end). */
  below: boolean;
  order: SortOrder;
}

const SCOPE_SQL: Record<MessageScope, string> = {
  chat: "AND chat_id = @chat",
  chats: "AND chat_id = @chat",
  all: "",
};

// Whitelist: the validated sort order maps to a fixed fragment, never to the input text.
const ORDER_SQL: Record<SortOrder, string> = {
  asc: "ORDER BY timestamp ASC, id ASC",
  desc: "ORDER BY timestamp DESC, id DESC",
};

/** The shape of a query with the given scope, filter and order. */
export function pageShape(
  scope: MessageScope,
  filter: MessagesFilter,
  order: SortOrder,
  chatCount = 1,
): MessagePageShape {
  return {
    scope,
    chatCount,
    fromMe: filter.fromMe !== undefined,
    ack: filter.ack !== undefined,
    lte: filter.timestampLte !== undefined,
    gte: filter.timestampGte !== undefined,
    below: false,
    order,
  };
}

/** A stable text key of a shape (the statement cache key). */
export const shapeKey = (shape: MessagePageShape): string =>
  `${shape.scope}${shape.chatCount}|${+shape.fromMe}${+shape.ack}${+shape.lte}${+shape.gte}${+shape.below}|${shape.order}`;

/**
 * The rowids of one page of displayable messages, in page order (one column: the statement is
 * read with `pluck`, no row object per message). Merged chats are ordered on these (indexed
 * columns only), then the page's rows are read by rowid.
 */
export function pageRowidsSql(shape: MessagePageShape): string {
  const where = whereSql(shape);
  if (shape.scope !== "chats") {
    return `SELECT rowid FROM messages WHERE ${where} ${ORDER_SQL[shape.order]} LIMIT @limit OFFSET @offset`;
  }
  const select = "SELECT rowid AS rowid, timestamp, id FROM messages";
  // Merged chats: each chat walks its own index range for at most offset + limit rows, and only
  // those are ordered together, instead of sorting every message of every merged chat.
  const parts = Array.from(
    { length: shape.chatCount },
    (_, index) =>
      `SELECT * FROM (${select} WHERE ${where.replace("@chat", `@chat${index}`)} ${ORDER_SQL[shape.order]} LIMIT @window)`,
  );
  return `SELECT rowid FROM (${parts.join(" UNION ALL ")}) ${ORDER_SQL[shape.order]} LIMIT @limit OFFSET @offset`;
}

/**
 * The `columns` of one page of displayable messages of one chat or of `all`, read in the index
 * walk itself. SQLite defers the seek to a table row until one of its columns is read and checks
 * the offset before that, so the rows an offset skips cost index entries only (where the index
 * holds the filtered columns: `messages_listing` does, the `all` timeline index does not).
 */
export function pageWalkSql(shape: MessagePageShape, columns: string): string {
  if (shape.scope === "chats") throw new Error("pageWalkSql: merged chats are read by rowid");
  return `SELECT ${columns} FROM messages WHERE ${whereSql(shape)} ${ORDER_SQL[shape.order]} LIMIT @limit OFFSET @offset`;
}

/** Bound parameters of a page query. */
export function pageParams(
  session: string,
  chats: readonly string[],
  filter: MessagesFilter,
  limit: number,
  offset: number,
): Record<string, unknown> {
  const params: Record<string, unknown> = { session, limit: limit > 0 ? limit : -1, offset };
  if (chats.length === 1) params.chat = chats[0];
  if (chats.length > 1) {
    for (const [index, chat] of chats.entries()) params[`chat${index}`] = chat;
    params.window = limit > 0 ? offset + limit : -1;
  }
  if (filter.fromMe !== undefined) params.from_me = filter.fromMe ? 1 : 0;
  if (filter.ack !== undefined) params.ack = filter.ack;
  if (filter.timestampLte !== undefined) params.lte = filter.timestampLte;
  if (filter.timestampGte !== undefined) params.gte = filter.timestampGte;
  return params;
}

// --- internal ---

/** The page's WHERE clause: fixed fragments picked by the shape, every value bound. */
function whereSql(shape: MessagePageShape): string {
  return [
    "session = @session",
    SCOPE_SQL[shape.scope],
    "AND displayable = 1",
    shape.fromMe ? "AND from_me = @from_me" : "",
    shape.ack ? "AND ack = @ack" : "",
    shape.lte ? "AND timestamp <= @lte" : "",
    shape.gte ? "AND timestamp >= @gte" : "",
    shape.below ? "AND timestamp < @below" : "",
  ]
    .filter(Boolean)
    .join(" ");
}
