/**
 * @module Chatting routes: `POST /api/sendText` and `POST /api/sendSeen` (the session is in the
 * body and defaults to `default`).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import {
  buildMessageId,
  type ChatId,
  type MessageKey,
  normalizeChatId,
  normalizeChatIdOrAll,
  parseMessageId,
  parseMessageRef,
  parseMessagesQuery,
  READ_DEFAULT_DAYS,
  readDefaultMessages,
  type SendTextOptions,
} from "@wa/core";
import { SendSeenSchema, SendTextGetSchema, SendTextSchema } from "../schemas/chatting.ts";
import { errorResponses } from "../schemas/common.ts";
import { MessagesQuerySchema, ReadResponseSchema, WAMessageSchema } from "../schemas/messages.ts";
import { type ServerContext, workingRuntime } from "../services/context.ts";
import { selectUnread } from "../services/messages.ts";
import { fillOlderMessages } from "../services/older-messages.ts";

const TAGS = ["📤 Chatting"];
const LegacyMessagesQuerySchema = Type.Object({
  ...MessagesQuerySchema.properties,
  session: Type.Optional(Type.String({ default: "default", description: "Session name" })),
  chatId: Type.String({ examples: ["11111111111@c.us"], description: "Chat id, or `all`" }),
});
const DEFAULT_SESSION = "default";

/** Registers the chatting routes. */
export const chattingRoutes: FastifyPluginAsyncTypebox<{ ctx: ServerContext }> = async (
  app,
  { ctx },
) => {
  app.post("/api/sendText", {
    schema: {
      summary: "Send a text message",
      description: "Sends a text and returns the message as stored. Needs no capability.",
      tags: TAGS,
      body: SendTextSchema,
      response: { 201: Type.Ref(WAMessageSchema), ...errorResponses(400, 422) },
    },
    handler: async (request) => {
      const { session = DEFAULT_SESSION, text, ...body } = request.body;
      const chatId = normalizeChatId(body.chatId);
      const options = sendTextOptions(body);
      const runtime = await workingRuntime(ctx, session);
      return (await runtime.call(null, (engine) => engine.sendText(chatId, text, options))).message;
    },
  });

  app.get("/api/sendText", {
    schema: {
      summary: "Send a text message (GET, deprecated)",
      description: "Deprecated: use POST /api/sendText. `phone` is the chat id or number.",
      deprecated: true,
      tags: TAGS,
      querystring: SendTextGetSchema,
      response: { 200: Type.Ref(WAMessageSchema), ...errorResponses(400, 422) },
    },
    handler: async (request) => {
      const { session = DEFAULT_SESSION, phone, text } = request.query;
      const chatId = normalizeChatId(phone);
      const runtime = await workingRuntime(ctx, session);
      return (await runtime.call(null, (engine) => engine.sendText(chatId, text))).message;
    },
  });

  app.get("/api/messages", {
    schema: {
      summary: "Get messages in a chat (deprecated)",
      description:
        "Deprecated: use GET /api/{session}/chats/{chatId}/messages. Same query, plus `session` and `chatId` (a missing `chatId` is a 400; WAHA crashed).",
      deprecated: true,
      tags: TAGS,
      querystring: LegacyMessagesQuerySchema,
      response: { 200: Type.Array(Type.Ref(WAMessageSchema)), ...errorResponses(400, 422) },
    },
    handler: async (request) => {
      const { session = DEFAULT_SESSION, chatId: rawChatId, ...raw } = request.query;
      const chatId = normalizeChatIdOrAll(rawChatId);
      const query = parseMessagesQuery(raw);
      const runtime = await workingRuntime(ctx, session);
      await fillOlderMessages(ctx.store, session, runtime, chatId, query, (err) =>
        request.log.warn({ err }, "loading older messages failed"),
      );
      return (await ctx.store.listMessages(session, chatId, query)).map((stored) => stored.message);
    },
  });

  app.post("/api/sendSeen", {
    schema: {
      summary: "Mark messages as read",
      description:
        "Marks `messageIds` read; without ids, the chat's unread incoming messages of the last 7 days. Needs no capability.",
      tags: TAGS,
      body: SendSeenSchema,
      response: { 201: ReadResponseSchema, ...errorResponses(400, 422) },
    },
    handler: async (request) => {
      const { session = DEFAULT_SESSION, ...body } = request.body;
      const chatId = normalizeChatId(body.chatId);
      const given = seenKeys(body);
      const runtime = await workingRuntime(ctx, session);
      const keys = given ?? (await unreadKeys(ctx, session, chatId));
      if (keys.length > 0) await runtime.call(null, (engine) => engine.sendSeen(chatId, keys));
      return { ids: keys.map(buildMessageId) };
    },
  });
};

// --- internal ---

function sendTextOptions(body: {
  reply_to?: string | null;
  linkPreview?: boolean;
  mentions?: string[];
}): SendTextOptions {
  const options: SendTextOptions = {};
  if (body.reply_to) options.replyTo = parseMessageRef(body.reply_to).id;
  if (body.linkPreview !== undefined) options.linkPreview = body.linkPreview;
  if (body.mentions) options.mentions = body.mentions.map((id) => normalizeChatId(id));
  return options;
}

/** The keys named in the body (with the body's `participant` for group senders), or null. */
function seenKeys(body: {
  messageIds?: string[];
  messageId?: string | null;
  participant?: string | null;
}): MessageKey[] | null {
  const ids = [...(body.messageIds ?? []), ...(body.messageId ? [body.messageId] : [])];
  if (ids.length === 0) return null;
  const participant = body.participant ? normalizeChatId(body.participant) : undefined;
  return ids.map((id) => {
    const key = parseMessageId(id);
    return key.participant || !participant ? key : { ...key, participant };
  });
}

async function unreadKeys(ctx: ServerContext, session: string, chatId: ChatId) {
  const request = { messages: readDefaultMessages(chatId), days: READ_DEFAULT_DAYS };
  return (await selectUnread(ctx.store, session, chatId, request)).map((stored) => stored.key);
}
