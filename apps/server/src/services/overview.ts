/** @module The chats overview: store rows plus names, cached pictures and the last message. */
import type { Chat, ChatSummary, EngineRuntime, OverviewQuery } from "@wa/core";
import type { OverviewRow } from "@wa/store";
import { serializeStoreJson } from "../http-cache/json.ts";
import type { ServerContext } from "./context.ts";
import { toApiMessage } from "./messages.ts";

/** One page of `ChatSummary` items; pictures are fetched in parallel and never fail the page. */
export async function chatsOverview(
  ctx: ServerContext,
  session: string,
  runtime: EngineRuntime,
  query: OverviewQuery,
): Promise<ChatSummary[]> {
  const rows = await ctx.store.overview(session, query);
  return Promise.all(rows.map((row) => toSummary(ctx, session, runtime, row)));
}

/**
 * An overview item's JSON around its picture: `head + JSON.stringify(picture) + tail` is
 * `serializeStoreJson` of the item `chatsOverview` makes of the row, byte for byte (the same
 * object, its keys in the same order), so the picture, read per request, is all that is added.
 */
export function summaryTexts(row: OverviewRow): { head: string; tail: string } {
  const { id, name, lastMessage, unreadCount, _chat } = summaryOf(row, null);
  return {
    head: `${serializeStoreJson({ id, name }).slice(0, -1)},"picture":`,
    tail: `,${serializeStoreJson({ lastMessage, unreadCount, _chat }).slice(1)}`,
  };
}

/**
 * The JSON body of a GET overview page: joined from the read model's texts when it holds the
 * page, else `serializeStoreJson` of `chatsOverview`. The same bytes either way; pictures are
 * read per request in both (from the picture cache).
 */
export async function overviewJson(
  ctx: ServerContext,
  session: string,
  runtime: EngineRuntime,
  query: OverviewQuery,
): Promise<string> {
  const items = await ctx.overviews?.page(session, query);
  if (!items) return serializeStoreJson(await chatsOverview(ctx, session, runtime, query));
  const cached = items.map((item) => ctx.pictures.softCached(session, item.id, runtime));
  // Pictures not cached yet are fetched in parallel; a page of cached ones costs no promise.
  const pictures = cached.includes(undefined)
    ? await Promise.all(
        items.map((item, index) => {
          const picture = cached[index];
          return picture !== undefined ? picture : ctx.pictures.soft(session, item.id, runtime);
        }),
      )
    : cached;
  const texts = items.map((item, index) => item.head + JSON.stringify(pictures[index]) + item.tail);
  return `[${texts.join(",")}]`;
}

// --- internal ---

async function toSummary(
  ctx: ServerContext,
  session: string,
  runtime: EngineRuntime,
  row: OverviewRow,
): Promise<ChatSummary> {
  return summaryOf(row, await ctx.pictures.soft(session, row.chat.id, runtime));
}

function summaryOf(row: OverviewRow, picture: string | null): ChatSummary {
  const { chat, contact, lastMessage } = row;
  return {
    id: chat.id,
    name: chat.name || contact?.name || contact?.pushName || null,
    picture,
    lastMessage: lastMessage ? toApiMessage(lastMessage, true) : null,
    unreadCount: chat.unreadCount,
    _chat: rawWithStoreFlags(chat),
  };
}

/**
 * The engine's raw chat with the store's archive flag and unread count on top: the raw chat is the
 * one the engine first reported, later changes live in the store's columns (as in GET /chats).
 */
function rawWithStoreFlags(chat: Chat): unknown {
  const raw = chat.raw;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return raw ?? null;
  return { ...raw, archived: chat.archived, unreadCount: chat.unreadCount };
}
