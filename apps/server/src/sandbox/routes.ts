/**
 * @module The sandbox control API (`/api/sandbox/{session}/...`, behind the API key): act as the
 * contacts and the phone of a session's simulated account, and see what the client sent.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { isGroupChat, type MediaType, normalizeChatId, validationError, WaError } from "@wa/core";
import type { Simulator } from "@wa/sandbox";
import { ChatParams, errorResponses, SessionParams } from "../schemas/common.ts";
import type { ServerContext } from "../services/context.ts";
import {
  AccountSchema,
  ArchiveBodySchema,
  ChatStateSchema,
  HistoryBodySchema,
  IncomingBodySchema,
  OkSchema,
  PictureBodySchema,
  PushResultSchema,
  SentRecordSchema,
} from "./schemas.ts";

const TAGS = ["🧪 Sandbox"];
const BASE = "/api/sandbox/:session";
const OK = { ok: true };

/** Registers the control routes of the in-process simulator. */
export const sandboxRoutes: FastifyPluginAsyncTypebox<{
  ctx: ServerContext;
  simulator: Simulator;
}> = async (app, { ctx, simulator: sim }) => {
  /** The session's name once it exists (the simulated account is named after it). */
  const key = async (session: string) => (await ctx.sessions.require(session)).name;
  const doc = (summary: string, description: string) => ({ summary, description, tags: TAGS });

  app.get(BASE, {
    schema: {
      ...doc("Get the simulated account", "The phone number and LID behind the session."),
      params: SessionParams,
      response: { 200: AccountSchema, ...errorResponses(404) },
    },
    handler: async (request) => {
      const account = sim.account(await key(request.params.session));
      const { phone, lid, paired } = account;
      return { phone, lid, paired, online: sim.isOnline(account.sessionKey) };
    },
  });

  app.post(`${BASE}/incoming`, {
    // Files come base64 in the JSON body (as WAHA's send-file bodies): room for a 48 MB file.
    bodyLimit: 64 * 1024 * 1024,
    schema: {
      ...doc(
        "A contact sends a message",
        "A text, or a `file` (base64, `text` is its caption), arrives as a live incoming message; files are encrypted and served like WhatsApp's.",
      ),
      params: SessionParams,
      body: IncomingBodySchema,
      response: { 201: PushResultSchema, ...errorResponses(400, 404) },
    },
    handler: async (request) => {
      const { chatId, text, participant, file } = request.body;
      const options = participant ? { participant: normalizeChatId(participant) } : {};
      const session = await key(request.params.session);
      const to = normalizeChatId(chatId);
      if (isGroupChat(to) && !participant) {
        throw validationError(
          "participant must be given for a group chat: the member who sends it",
        );
      }
      if (file)
        return sim.pushIncomingMedia(session, to, { ...seedFile(file), caption: text }, options);
      if (text === undefined) throw validationError("text or file must be given");
      return sim.pushIncomingText(session, to, text, options);
    },
  });

  app.post(`${BASE}/history`, {
    schema: {
      ...doc("The phone sends a history sync", "Chats, messages, contacts and LID pairs, now."),
      params: SessionParams,
      body: HistoryBodySchema,
      response: { 201: OkSchema, ...errorResponses(400, 404) },
    },
    handler: async (request) => {
      const { chats, contacts, lidMappings } = request.body;
      const seed = {
        chats: chats.map((chat) => ({
          ...chat,
          id: normalizeChatId(chat.id),
          messages: chat.messages.map(({ file, ...message }) =>
            file ? { ...message, media: seedFile(file) } : message,
          ),
        })),
        contacts: contacts?.map((contact) => ({ ...contact, id: normalizeChatId(contact.id) })),
        lidMappings: lidMappings?.map((m) => ({
          lid: normalizeChatId(m.lid),
          pn: normalizeChatId(m.pn),
        })),
      };
      sim.pushHistory(await key(request.params.session), seed);
      return OK;
    },
  });

  app.post(`${BASE}/chats/:chatId/archive`, {
    schema: {
      ...doc("The phone archives a chat", "`{archived: false}` unarchives it."),
      params: ChatParams,
      body: Type.Optional(ArchiveBodySchema),
      response: { 201: OkSchema, ...errorResponses(400, 404) },
    },
    handler: async (request) => {
      const chatId = normalizeChatId(request.params.chatId);
      const archived = request.body?.archived ?? true;
      await sim.phoneSetArchived(await key(request.params.session), chatId, archived);
      return OK;
    },
  });

  app.delete(`${BASE}/chats/:chatId`, {
    schema: {
      ...doc("The phone deletes a chat", "The deletion reaches the client as an app-state patch."),
      params: ChatParams,
      response: { 200: OkSchema, ...errorResponses(400, 404) },
    },
    handler: async (request) => {
      const chatId = normalizeChatId(request.params.chatId);
      await sim.phoneDeleteChat(await key(request.params.session), chatId);
      return OK;
    },
  });

  app.put(`${BASE}/chats/:chatId/picture`, {
    schema: {
      ...doc(
        "Set a chat's profile picture",
        "What the picture routes will get; `null` removes it.",
      ),
      params: ChatParams,
      body: PictureBodySchema,
      response: { 200: OkSchema, ...errorResponses(400, 404) },
    },
    handler: async (request) => {
      const chatId = normalizeChatId(request.params.chatId);
      sim.setProfilePicture(await key(request.params.session), chatId, request.body.url);
      return OK;
    },
  });

  app.get(`${BASE}/chats/:chatId/state`, {
    schema: {
      ...doc(
        "Get the world's state of a chat",
        "Archived, unread, deleted... after the client's changes.",
      ),
      params: ChatParams,
      response: { 200: ChatStateSchema, ...errorResponses(400, 404) },
    },
    handler: async (request) => {
      const chatId = normalizeChatId(request.params.chatId);
      return sim.chatState(await key(request.params.session), chatId);
    },
  });

  app.get(`${BASE}/sent`, {
    schema: {
      ...doc(
        "What the client sent",
        "Texts, edits, deletes, pins and reads that reached the world, oldest first.",
      ),
      params: SessionParams,
      response: { 200: Type.Array(SentRecordSchema), ...errorResponses(404) },
    },
    handler: async (request) => sim.sent(await key(request.params.session)),
  });

  app.post(`${BASE}/scan-qr`, {
    schema: {
      ...doc("The phone scans the QR", "Pairs a session showing a QR (when auto-pairing is off)."),
      params: SessionParams,
      response: { 201: OkSchema, ...errorResponses(404, 422) },
    },
    handler: async (request) => {
      const session = await key(request.params.session);
      const qr = ctx.sessions.live(session)?.qr;
      if (!qr) throw noQr();
      // Auto-pairing (or another scan) may take the QR between the read above and the scan.
      await sim.scanQr(session, qr).catch((error: unknown) => {
        throw isQrNotShown(error) ? noQr() : error;
      });
      return OK;
    },
  });

  app.post(`${BASE}/drop-connection`, {
    schema: {
      ...doc("Drop the connection", "The socket closes without a goodbye; the session reconnects."),
      params: SessionParams,
      response: { 201: OkSchema, ...errorResponses(404) },
    },
    handler: async (request) => {
      sim.dropConnection(await key(request.params.session));
      return OK;
    },
  });

  app.post(`${BASE}/logout`, {
    schema: {
      ...doc(
        "The phone unlinks the device",
        "Stream error 401: the session fails and forgets its credentials.",
      ),
      params: SessionParams,
      response: { 201: OkSchema, ...errorResponses(404) },
    },
    handler: async (request) => {
      sim.logout(await key(request.params.session));
      return OK;
    },
  });
};

// --- internal ---

const noQr = () => new WaError("WA_SESSION_NOT_READY", "The session shows no QR code right now");

/** The simulator's "no client shows this QR" (already scanned, or replaced by a newer one). */
const isQrNotShown = (error: unknown) =>
  typeof error === "object" && error !== null && "code" in error && error.code === "QR_NOT_SHOWN";

/** A control request's file as the world's plain media data (type guessed from the mimetype). */
function seedFile(file: { mimetype: string; filename?: string; data: string; type?: MediaType }) {
  const type = file.type ?? guessType(file.mimetype);
  return {
    type,
    mimetype: file.mimetype,
    data: file.data,
    ...(file.filename ? { filename: file.filename } : {}),
  };
}

function guessType(mimetype: string): MediaType {
  const kind = mimetype.split("/")[0];
  return kind === "image" || kind === "video" || kind === "audio" ? kind : "document";
}
