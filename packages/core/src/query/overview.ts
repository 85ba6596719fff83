/** @module The chats overview: which chats it lists, in which order, and its `ids` filter. */
import type { Chat } from "../domain/chat.ts";
import { type ChatId, isBroadcastOrNewsletter, normalizeChatId } from "../domain/jid.ts";
import { compareChats } from "./chats.ts";
import { type LidResolver, mergeChats, primaryChatId } from "./merge.ts";
import { type PageRequest, paginate } from "./paginate.ts";
import { parseBoolean, parseInteger, parseList, type RawValue } from "./params.ts";

/** The overview's default page size. */
export const OVERVIEW_DEFAULT_LIMIT = 20;

/** A validated overview query. */
export interface OverviewQuery extends PageRequest {
  limit: number;
  /** Only these chats (normalised ids), matched in either PN or LID form. */
  ids?: ChatId[];
  merge: boolean;
}

/** The raw overview parameters (GET query or POST body, flattened). */
export interface RawOverviewQuery {
  limit?: RawValue;
  offset?: RawValue;
  ids?: RawValue;
  merge?: RawValue;
}

/** Validates overview parameters; defaults limit 20, offset 0, merge on. */
export function parseOverviewQuery(raw: RawOverviewQuery): OverviewQuery {
  const ids = parseList(raw.ids)?.map((id) => normalizeChatId(id));
  const query: OverviewQuery = {
    limit: parseInteger(raw.limit, "limit") ?? OVERVIEW_DEFAULT_LIMIT,
    offset: parseInteger(raw.offset, "offset") ?? 0,
    merge: parseBoolean(raw.merge, "merge", true),
  };
  if (ids && ids.length > 0) query.ids = ids;
  return query;
}

/** True for chats the overview can list: active, and neither a broadcast nor a channel. */
export function isOverviewCandidate(chat: Chat): boolean {
  return chat.conversationTimestamp !== null && !isBroadcastOrNewsletter(chat.id);
}

/** True when a chat is named by the `ids` filter, in its own id or its phone-number id. */
export function matchesOverviewIds(
  chatId: ChatId,
  ids: readonly ChatId[],
  resolveLid: LidResolver,
): boolean {
  return ids.includes(chatId) || ids.includes(primaryChatId(chatId, resolveLid));
}

/** The reference overview selection: candidates, filtered, merged, last activity first, paginated. */
export function selectOverview(
  chats: readonly Chat[],
  query: OverviewQuery,
  resolveLid: LidResolver,
): Chat[] {
  let listed = chats.filter(isOverviewCandidate);
  // When merging, a requested LID also selects its phone-number chat, or the merged row would
  // carry the PN id with only the LID chat's activity and unread count.
  const ids = query.merge ? query.ids?.map((id) => primaryChatId(id, resolveLid)) : query.ids;
  if (ids) listed = listed.filter((chat) => matchesOverviewIds(chat.id, ids, resolveLid));
  if (query.merge) listed = mergeChats(listed, resolveLid);
  listed.sort((a, b) => compareChats(a, b, "conversationTimestamp", "desc"));
  return paginate(listed, query);
}
