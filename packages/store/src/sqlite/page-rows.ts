/**
 * @module The columns a messages page reads and their decoding into `StoredMessage`s. A value the
 * page query pins (the chat of a one-chat page, the `fromMe` and `ack` of equality filters) is not
 * read back for every row: each column read costs better-sqlite3 a value and an array slot per
 * message, ~8 µs per column on a 100-message page (~0.3 ms in all, most of it the JSON parse).
 */
import type { MessageKind, MessagesFilter, StoredMessage, WAReaction } from "@wa/core";
import type { MessagePageShape } from "./message-sql.ts";

/** A page row as read with {@link pageColumns}: the fixed columns, then the unpinned ones. */
export type PageRow = [
  id: string,
  participant: string | null,
  timestamp: number,
  kind: string,
  data: string,
  reactions: string | null,
  ...unpinned: (string | number)[],
];

/**
 * The columns of a page of this shape, each prefixed with `alias` (`"m."` or `""`): what every
 * message needs, then `chat_id`, `from_me` and `ack` unless the shape pins them.
 */
export function pageColumns(shape: MessagePageShape, alias = ""): string {
  return [
    ...FIXED_COLUMNS,
    ...(pinsChat(shape) ? [] : ["chat_id"]),
    ...(shape.fromMe ? [] : ["from_me"]),
    ...(shape.ack ? [] : ["ack"]),
  ]
    .map((column) => `${alias}${column}`)
    .join(", ");
}

/**
 * The decoder of rows read with `pageColumns(shape)`: pinned values come from the query (`chatId`,
 * the one chat of a `chat` page; the filter's `fromMe` and `ack`), the rest from the row.
 */
export function pageRowDecoder(
  shape: MessagePageShape,
  chatId: string | undefined,
  filter: MessagesFilter,
): (row: PageRow) => StoredMessage {
  let next = FIXED_COLUMNS.length;
  const chatAt = pinsChat(shape) ? -1 : next++;
  const fromMeAt = shape.fromMe ? -1 : next++;
  const ackAt = shape.ack ? -1 : next++;
  return (row) => {
    const key: StoredMessage["key"] = {
      fromMe: fromMeAt < 0 ? filter.fromMe === true : row[fromMeAt] === 1,
      chatId: chatAt < 0 ? (chatId as string) : (row[chatAt] as string),
      id: row[0],
    };
    if (row[1] !== null) key.participant = row[1];
    const stored: StoredMessage = {
      key,
      timestamp: row[2],
      ack: ackAt < 0 ? (filter.ack as number) : (row[ackAt] as number),
      kind: row[3] as MessageKind,
      message: JSON.parse(row[4]),
    };
    if (row[5] !== null) stored.reactions = JSON.parse(row[5]) as WAReaction[];
    return stored;
  };
}

// --- internal ---

/** The columns every page reads, in `PageRow` order. */
const FIXED_COLUMNS = ["id", "participant", "timestamp", "kind", "data", "reactions"];

/** A one-chat page matches `chat_id = @chat` alone: every row's chat is the bound one. */
const pinsChat = (shape: MessagePageShape): boolean => shape.scope === "chat";
