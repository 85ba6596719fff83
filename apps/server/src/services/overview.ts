/** @module The chats overview: store rows plus names, cached pictures and the last message. */
import type { Chat, ChatSummary, EngineRuntime, OverviewQuery } from "@wa/core";
import type { OverviewRow } from "@wa/store";
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

// --- internal ---

async function toSummary(
  ctx: ServerContext,
  session: string,
  runtime: EngineRuntime,
  row: OverviewRow,
): Promise<ChatSummary> {
  const { chat, contact, lastMessage } = row;
  return {
    id: chat.id,
    name: chat.name || contact?.name || contact?.pushName || null,
    picture: await ctx.pictures.soft(session, chat.id, runtime),
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
