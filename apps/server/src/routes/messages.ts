/**
 * @module Chat messages routes (waha-compat §2.1 #6–#13 and reactions): list, read, get by id,
 * pin, unpin, clear, delete, edit. Reads come from the store; commands go through the runtime.
 */

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import {
  normalizeChatId,
  normalizeChatIdOrAll,
  type PinDuration,
  parseBoolean,
  parseMessageRef,
  parseMessagesQuery,
  parseReadRequest,
} from "@wa/core";
import {
  cachedHitHook,
  chatScope,
  replyCached,
  replyCachedJson,
} from "../http-cache/cached-reply.ts";
import { ChatParams, EmptyObject, errorResponses, MessageParams } from "../schemas/common.ts";
import {
  EditBodySchema,
  MessageQuerySchema,
  MessagesQuerySchema,
  PinBodySchema,
  ReactionSchema,
  ReadBodySchema,
  ReadQuerySchema,
  ReadResponseSchema,
  SuccessSchema,
  WAMessageSchema,
} from "../schemas/messages.ts";
import { chatCommand, markChatRead } from "../services/commands.ts";
import { type ServerContext, workingRuntime } from "../services/context.ts";
import {
  apiMessageWithMedia,
  mediaFiller,
  messagesPageWithOlderJson,
  requireMessage,
  resolveMessageKey,
  toApiMessage,
} from "../services/messages.ts";

const TAGS = ["💬 Chats"];
const MESSAGES = "/api/:session/chats/:chatId/messages";
const MESSAGE = `${MESSAGES}/:messageId`;
const WAMessageResponse = Type.Ref(WAMessageSchema);

/** Registers the messages routes. */
export const messageRoutes: FastifyPluginAsyncTypebox<{ ctx: ServerContext }> = async (
  app,
  { ctx },
) => {
  const cachedHit = cachedHitHook(ctx);
  app.get(MESSAGES, {
    onRequest: cachedHit,
    schema: {
      ...doc(
        "Get messages in the chat",
        "Filtered, ordered and paginated from the store; `chatId=all` spans every chat. Needs no capability.",
      ),
      params: ChatParams,
      querystring: MessagesQuerySchema,
      response: { 200: Type.Array(WAMessageResponse), ...errorResponses(400, 422) },
    },
    handler: async (request, reply) => {
      const { session } = request.params;
      const chatId = normalizeChatIdOrAll(request.params.chatId);
      const query = parseMessagesQuery(request.query);
      const runtime = await workingRuntime(ctx, session);
      const fill = mediaFiller(ctx, session, runtime, request, query.downloadMedia);
      const onError = (err: unknown) => request.log.warn({ err }, "loading older messages failed");
      // Older messages the engine stores meanwhile are a write: such a body is sent, not cached.
      const read = () =>
        messagesPageWithOlderJson(ctx.store, session, runtime, chatId, query, fill, onError);
      return replyCachedJson(ctx.responses, request, reply, session, read, chatScope(chatId));
    },
  });

  app.delete(MESSAGES, {
    schema: {
      ...doc(
        "Clear all messages from the chat",
        "Needs the `chats.clear` capability (501 without it).",
      ),
      params: ChatParams,
      response: { 200: EmptyObject, ...errorResponses(400, 422, 501) },
    },
    handler: async (request) => {
      const chatId = normalizeChatId(request.params.chatId);
      await chatCommand(ctx, request.params.session, "chats.clear", (engine) =>
        engine.clearMessages?.(chatId),
      );
      return {};
    },
  });

  app.post(`${MESSAGES}/read`, {
    schema: {
      ...doc(
        "Read unread messages in the chat",
        "Marks the unread incoming messages of the last `days` read (`messages`/`days` from the query or a JSON body). Needs `messages.read`.",
      ),
      params: ChatParams,
      querystring: ReadQuerySchema,
      body: ReadBodySchema,
      response: { 201: ReadResponseSchema, ...errorResponses(400, 422, 501) },
    },
    handler: async (request) => {
      const { session } = request.params;
      const chatId = normalizeChatId(request.params.chatId);
      const read = parseReadRequest(chatId, { ...request.body, ...definedOnly(request.query) });
      const runtime = await workingRuntime(ctx, session);
      return markChatRead(ctx, runtime, session, chatId, read);
    },
  });

  app.get(MESSAGE, {
    onRequest: cachedHit,
    schema: {
      ...doc(
        "Get a message by id",
        "From the store; a bare WhatsApp id is accepted too. Needs no capability.",
      ),
      params: MessageParams,
      querystring: MessageQuerySchema,
      response: { 200: WAMessageResponse, ...errorResponses(400, 404, 422) },
    },
    handler: async (request, reply) => {
      const { session, messageId } = request.params;
      const chatId = normalizeChatIdOrAll(request.params.chatId);
      const ref = parseMessageRef(messageId);
      const download = parseBoolean(request.query.downloadMedia, "downloadMedia", true);
      const runtime = await workingRuntime(ctx, session);
      const read = async () => {
        const stored = await requireMessage(ctx.store, session, chatId, ref);
        return apiMessageWithMedia(ctx, session, runtime, stored, download, request);
      };
      return replyCached(ctx.responses, request, reply, session, read, chatScope(chatId));
    },
  });

  app.get(`${MESSAGE}/reactions`, {
    onRequest: cachedHit,
    schema: {
      ...doc(
        "Get a message's reactions",
        "The reactions stored with the message. Needs no capability.",
      ),
      params: MessageParams,
      response: { 200: Type.Array(ReactionSchema), ...errorResponses(400, 404, 422) },
    },
    handler: async (request, reply) => {
      const { session, messageId } = request.params;
      const chatId = normalizeChatIdOrAll(request.params.chatId);
      const ref = parseMessageRef(messageId);
      await workingRuntime(ctx, session);
      return replyCached(
        ctx.responses,
        request,
        reply,
        session,
        async () => (await requireMessage(ctx.store, session, chatId, ref)).reactions ?? [],
        chatScope(chatId),
      );
    },
  });

  app.delete(MESSAGE, {
    schema: {
      ...doc("Delete a message", "Deletes the message for everyone. Needs `messages.delete`."),
      params: MessageParams,
      response: {
        200: Type.Union([WAMessageResponse, EmptyObject]),
        ...errorResponses(400, 404, 422, 501),
      },
    },
    handler: async (request) => {
      const { runtime, key } = await messageCommand(ctx, request.params, "messages.delete");
      const sent = await runtime.call("messages.delete", async (engine) =>
        engine.deleteMessage?.(key),
      );
      return sent ? toApiMessage(sent) : {};
    },
  });

  app.put(MESSAGE, {
    schema: {
      ...doc(
        "Edit a message",
        "Edits a sent text or caption; `text` is required (WAHA silently sent 'Hello, world!'). Needs `messages.edit`.",
      ),
      params: MessageParams,
      body: EditBodySchema,
      response: {
        200: Type.Union([WAMessageResponse, EmptyObject]),
        ...errorResponses(400, 404, 422, 501),
      },
    },
    handler: async (request) => {
      const { text, ...options } = request.body;
      const { runtime, key } = await messageCommand(ctx, request.params, "messages.edit");
      const edited = await runtime.call("messages.edit", async (engine) =>
        engine.editMessage?.(key, text, options),
      );
      return edited ? toApiMessage(edited) : {};
    },
  });

  for (const action of ["pin", "unpin"] as const) {
    app.post(`${MESSAGE}/${action}`, {
      schema: {
        ...doc(
          `${action === "pin" ? "Pin" : "Unpin"} a message in the chat`,
          "Needs `messages.pin` (501 without it).",
        ),
        params: MessageParams,
        ...(action === "pin" ? { body: PinBodySchema } : {}),
        response: { 201: SuccessSchema, ...errorResponses(400, 404, 422, 501) },
      },
      handler: async (request) => {
        const duration =
          action === "pin" ? (request.body as { duration: PinDuration }).duration : null;
        const { runtime, key } = await messageCommand(ctx, request.params, "messages.pin");
        await runtime.call("messages.pin", async (engine) => engine.pinMessage?.(key, duration));
        return { success: true };
      },
    });
  }
};

// --- internal ---

function doc(summary: string, description: string) {
  return { summary, description, tags: TAGS };
}

/** Validates the ids, waits for WORKING, checks the capability, and resolves the message key. */
async function messageCommand(
  ctx: ServerContext,
  params: { session: string; chatId: string; messageId: string },
  capability: "messages.delete" | "messages.edit" | "messages.pin",
) {
  const chatId = normalizeChatId(params.chatId);
  const ref = parseMessageRef(params.messageId);
  const runtime = await workingRuntime(ctx, params.session);
  runtime.require(capability);
  const key = await resolveMessageKey(ctx.store, params.session, chatId, ref);
  return { runtime, key };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, item]) => item !== undefined),
  ) as Partial<T>;
}
