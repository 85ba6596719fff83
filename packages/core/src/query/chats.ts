/** @module GET /chats: sort fields, defaults and the reference (in-memory) ordering. */
import type { Chat } from "../domain/chat.ts";
import { type PageRequest, paginate } from "./paginate.ts";
import {
  parseBoolean,
  parseEnum,
  parseInteger,
  parseSortOrder,
  type RawValue,
  type SortOrder,
} from "./params.ts";

/** Accepted `sortBy` values; `messageTimestamp` is an alias of `conversationTimestamp`. */
export const CHAT_SORT_INPUTS = [
  "conversationTimestamp",
  "messageTimestamp",
  "id",
  "name",
] as const;

/** The fields chats sort on. */
export type ChatSortField = "conversationTimestamp" | "id" | "name";

/** A validated GET /chats query. */
export interface ChatsQuery extends PageRequest {
  sortBy: ChatSortField;
  sortOrder: SortOrder;
  /** Merge the `@lid` and `@c.us` chats of one contact. */
  merge: boolean;
}

/** The raw GET /chats parameters. */
export interface RawChatsQuery {
  limit?: RawValue;
  offset?: RawValue;
  sortBy?: RawValue;
  sortOrder?: RawValue;
  merge?: RawValue;
}

/** Validates GET /chats parameters; defaults: last activity first, no limit, merge on. */
export function parseChatsQuery(raw: RawChatsQuery): ChatsQuery {
  const sortBy = parseEnum(raw.sortBy, "sortBy", CHAT_SORT_INPUTS) ?? "conversationTimestamp";
  return {
    limit: parseInteger(raw.limit, "limit"),
    offset: parseInteger(raw.offset, "offset") ?? 0,
    sortBy: sortBy === "messageTimestamp" ? "conversationTimestamp" : sortBy,
    sortOrder: parseSortOrder(raw.sortOrder, "desc"),
    merge: parseBoolean(raw.merge, "merge", true),
  };
}

/**
 * Orders two chats: by the sort field (nulls lowest, so first in `asc`), then by id in the same
 * direction so that pages never overlap.
 */
export function compareChats(
  a: Chat,
  b: Chat,
  sortBy: ChatSortField,
  sortOrder: SortOrder,
): number {
  const sign = sortOrder === "asc" ? 1 : -1;
  const primary = compareNullable(chatSortValue(a, sortBy), chatSortValue(b, sortBy));
  if (primary !== 0) return sign * primary;
  return sign * compareNullable(a.id, b.id);
}

/** The chats GET /chats lists (active ones only), ordered and paginated. */
export function applyChatsQuery(chats: readonly Chat[], query: ChatsQuery): Chat[] {
  const listed = chats.filter((chat) => chat.conversationTimestamp !== null);
  listed.sort((a, b) => compareChats(a, b, query.sortBy, query.sortOrder));
  return paginate(listed, query);
}

// --- internal ---

function chatSortValue(chat: Chat, sortBy: ChatSortField): string | number | null {
  if (sortBy === "conversationTimestamp") return chat.conversationTimestamp;
  return sortBy === "id" ? chat.id : chat.name;
}

function compareNullable(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
