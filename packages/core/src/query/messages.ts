/**
 * @module GET messages: defaults, filters and ordering. Non-displayable messages (reactions,
 * protocol, edits, revokes) are excluded before pagination, so a page is full whenever enough
 * messages exist.
 */
import { type AckLevel, ackFromName } from "../domain/ack.ts";
import { isDisplayableKind, type StoredMessage } from "../domain/message.ts";
import { type PageRequest, paginate } from "./paginate.ts";
import {
  parseBoolean,
  parseEnum,
  parseInteger,
  parseList,
  parseSortOrder,
  type RawValue,
  type SortOrder,
} from "./params.ts";

/** The messages' default page size (WAHA 2025.4+). */
export const MESSAGES_DEFAULT_LIMIT = 10;

/** Accepted `sortBy` values; both mean the message timestamp. */
export const MESSAGE_SORT_INPUTS = ["timestamp", "messageTimestamp"] as const;

/** The message filters; timestamp bounds are inclusive unix seconds. */
export interface MessagesFilter {
  timestampLte?: number;
  timestampGte?: number;
  fromMe?: boolean;
  ack?: AckLevel;
}

/** A validated messages query. */
export interface MessagesQuery extends PageRequest {
  limit: number;
  sortOrder: SortOrder;
  downloadMedia: boolean;
  filter: MessagesFilter;
  merge: boolean;
}

/** The raw parameters, with WAHA's dotted filter keys. */
export interface RawMessagesQuery {
  limit?: RawValue;
  offset?: RawValue;
  sortBy?: RawValue;
  sortOrder?: RawValue;
  downloadMedia?: RawValue;
  merge?: RawValue;
  "filter.timestamp.lte"?: RawValue;
  "filter.timestamp.gte"?: RawValue;
  "filter.fromMe"?: RawValue;
  "filter.ack"?: RawValue;
}

/** Validates messages parameters; defaults limit 10, newest first, downloadMedia true. */
export function parseMessagesQuery(raw: RawMessagesQuery): MessagesQuery {
  parseEnum(raw.sortBy, "sortBy", MESSAGE_SORT_INPUTS);
  const filter: MessagesFilter = {};
  const lte = parseInteger(raw["filter.timestamp.lte"], "filter.timestamp.lte");
  const gte = parseInteger(raw["filter.timestamp.gte"], "filter.timestamp.gte");
  const fromMe = parseBoolean(raw["filter.fromMe"], "filter.fromMe");
  const ackText = parseList(raw["filter.ack"])?.at(-1);
  if (lte !== undefined) filter.timestampLte = lte;
  if (gte !== undefined) filter.timestampGte = gte;
  if (fromMe !== undefined) filter.fromMe = fromMe;
  if (ackText !== undefined) filter.ack = ackFromName(ackText);
  return {
    limit: parseInteger(raw.limit, "limit") ?? MESSAGES_DEFAULT_LIMIT,
    offset: parseInteger(raw.offset, "offset") ?? 0,
    sortOrder: parseSortOrder(raw.sortOrder, "desc"),
    downloadMedia: parseBoolean(raw.downloadMedia, "downloadMedia", true),
    filter,
    merge: parseBoolean(raw.merge, "merge", true),
  };
}

/** True when a stored message is displayable and passes every filter. */
export function matchesMessagesFilter(message: StoredMessage, filter: MessagesFilter): boolean {
  if (!isDisplayableKind(message.kind)) return false;
  if (filter.timestampLte !== undefined && message.timestamp > filter.timestampLte) return false;
  if (filter.timestampGte !== undefined && message.timestamp < filter.timestampGte) return false;
  if (filter.fromMe !== undefined && message.key.fromMe !== filter.fromMe) return false;
  if (filter.ack !== undefined && message.ack !== filter.ack) return false;
  return true;
}

/** Orders messages by timestamp, ties by id, in the given direction. */
export function compareMessages(a: StoredMessage, b: StoredMessage, sortOrder: SortOrder): number {
  const sign = sortOrder === "asc" ? 1 : -1;
  if (a.timestamp !== b.timestamp) return sign * (a.timestamp - b.timestamp);
  if (a.key.id === b.key.id) return 0;
  return sign * (a.key.id < b.key.id ? -1 : 1);
}

/** The reference messages selection: filter (displayable first), order, then paginate. */
export function applyMessagesQuery(
  messages: readonly StoredMessage[],
  query: MessagesQuery,
): StoredMessage[] {
  const matching = messages.filter((message) => matchesMessagesFilter(message, query.filter));
  matching.sort((a, b) => compareMessages(a, b, query.sortOrder));
  return paginate(matching, query);
}
