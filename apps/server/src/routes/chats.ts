/**
 * @module Chats routes (waha-compat §2.1 #1–#5, #14–#16): list, overview (GET and POST), delete,
 * picture, archive, unarchive, unread. Reads come from the store; commands go through the runtime.
 */

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import {
  type CapabilityKey,
  type Chat,
  normalizeChatId,
  parseBoolean,
  parseChatsQuery,
  parseOverviewQuery,
} from "@wa/core";
import { cachedHitHook, replyCached, replyCachedJson } from "../http-cache/cached-reply.ts";
import {
  ChatListItemSchema,
  ChatSummarySchema,
  ChatsQuerySchema,
  OverviewBodySchema,
  OverviewQuerySchema,
  PictureQuerySchema,
  PictureResponseSchema,
} from "../schemas/chats.ts";
import { ChatParams, EmptyObject, errorResponses, SessionParams } from "../schemas/common.ts";
import { chatCommand } from "../services/commands.ts";
import { type ServerContext, workingRuntime } from "../services/context.ts";
import { chatsOverview, overviewJson } from "../services/overview.ts";

const TAGS = ["💬 Chats"];
const CHAT = "/api/:session/chats/:chatId";

/** Registers the chats routes. */
export const chatRoutes: FastifyPluginAsyncTypebox<{ ctx: ServerContext }> = async (
  app,
  { ctx },
) => {
  const cachedHit = cachedHitHook(ctx);
  app.get("/api/:session/chats", {
    onRequest: cachedHit,
    schema: {
      summary: "Get chats",
      description:
        "The session's active chats from the store, last activity first by default. Needs no capability.",
      tags: TAGS,
      params: SessionParams,
      querystring: ChatsQuerySchema,
      response: { 200: Type.Array(Type.Ref(ChatListItemSchema)), ...errorResponses(400, 422) },
    },
    handler: async (request, reply) => {
      const { session } = request.params;
      const query = parseChatsQuery(request.query);
      // A status check only: with several instances any of them answers from the database.
      await ctx.sessions.waitFor(session);
      return replyCached(ctx.responses, request, reply, session, async () =>
        (await ctx.store.listChats(session, query)).map(toChatListItem),
      );
    },
  });

  app.get("/api/:session/chats/overview", {
    onRequest: cachedHit,
    schema: {
      summary: "Get chats overview",
      description:
        "Chats with name, picture and last message (without media), last activity first. Pictures need `chats.picture` (null without it).",
      tags: TAGS,
      params: SessionParams,
      querystring: OverviewQuerySchema,
      response: { 200: Type.Array(Type.Ref(ChatSummarySchema)), ...errorResponses(400, 422) },
    },
    handler: async (request, reply) => {
      const { session } = request.params;
      const query = parseOverviewQuery(request.query);
      const runtime = await workingRuntime(ctx, session);
      return replyCachedJson(ctx.responses, request, reply, session, () =>
        overviewJson(ctx, session, runtime, query),
      );
    },
  });

  app.post("/api/:session/chats/overview", {
    schema: {
      summary: "Get chats overview (POST, for many ids)",
      description:
        "Same as GET overview, with the filter in the body; `pagination` defaults to limit 20, offset 0.",
      tags: TAGS,
      params: SessionParams,
      body: OverviewBodySchema,
      response: { 201: Type.Array(Type.Ref(ChatSummarySchema)), ...errorResponses(400, 422) },
    },
    handler: async (request) => {
      const { pagination, filter } = request.body;
      const query = parseOverviewQuery({ ...pagination, ids: filter?.ids });
      const runtime = await workingRuntime(ctx, request.params.session);
      return chatsOverview(ctx, request.params.session, runtime, query);
    },
  });

  app.delete(CHAT, {
    schema: chatCommandSchema("Delete the chat", "chats.delete", 200),
    handler: async (request) => {
      const chatId = normalizeChatId(request.params.chatId);
      await chatCommand(ctx, request.params.session, "chats.delete", (engine) =>
        engine.deleteChat?.(chatId),
      );
      return {};
    },
  });

  app.get(`${CHAT}/picture`, {
    schema: {
      summary: "Get the chat picture",
      description:
        "The picture URL, cached 24 h per session (`refresh=true` bypasses the cache). Needs `chats.picture`.",
      tags: TAGS,
      params: ChatParams,
      querystring: PictureQuerySchema,
      response: { 200: PictureResponseSchema, ...errorResponses(400, 422, 501) },
    },
    handler: async (request) => {
      const { session } = request.params;
      const chatId = normalizeChatId(request.params.chatId);
      const refresh = parseBoolean(request.query.refresh, "refresh", false);
      const runtime = await workingRuntime(ctx, session);
      return { url: await ctx.pictures.get(session, chatId, runtime, refresh) };
    },
  });

  for (const [action, archive] of [
    ["archive", true],
    ["unarchive", false],
  ] as const) {
    app.post(`${CHAT}/${action}`, {
      schema: chatCommandSchema(
        `${action === "archive" ? "Archive" : "Unarchive"} the chat`,
        "chats.archive",
        201,
      ),
      handler: async (request) => {
        const chatId = normalizeChatId(request.params.chatId);
        await chatCommand(ctx, request.params.session, "chats.archive", (engine) =>
          engine.archiveChat?.(chatId, archive),
        );
        return {};
      },
    });
  }

  app.post(`${CHAT}/unread`, {
    schema: chatCommandSchema("Mark the chat unread", "chats.unread", 201),
    handler: async (request) => {
      const chatId = normalizeChatId(request.params.chatId);
      await chatCommand(ctx, request.params.session, "chats.unread", (engine) =>
        engine.markChatUnread?.(chatId),
      );
      return {};
    },
  });
};

// --- internal ---

/** A GET /chats item: the raw chat with our normalised id and fields on top (waha-compat §12.10). */
function toChatListItem(chat: Chat) {
  const raw = typeof chat.raw === "object" && chat.raw !== null ? chat.raw : {};
  return {
    ...raw,
    id: chat.id,
    name: chat.name,
    conversationTimestamp: chat.conversationTimestamp,
    unreadCount: chat.unreadCount,
    // The raw chat is the one the engine first reported; later archive changes (from this API or
    // the phone) live in the store's flag, as WAHA's NOWEB store merges them into its chat.
    archived: chat.archived,
  };
}

function chatCommandSchema(summary: string, capability: CapabilityKey, status: 200 | 201) {
  return {
    summary,
    description: `Needs the \`${capability}\` capability (501 without it).`,
    tags: TAGS,
    params: ChatParams,
    response: { [status]: EmptyObject, ...errorResponses(400, 422, 501) },
  };
}
