/** @module Sessions routes (waha-compat §7): create, list, get, update, delete, start, stop, restart, logout, me. */

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { parseBoolean, type SessionRecord } from "@wa/core";
import { EmptyObject, errorResponses, SessionParams } from "../schemas/common.ts";
import {
  MeSchema,
  SessionCreateSchema,
  SessionDtoSchema,
  SessionInfoSchema,
  SessionListQuerySchema,
  SessionUpdateSchema,
} from "../schemas/sessions.ts";
import type { ServerContext } from "../services/context.ts";
import { type SessionInfo, toSessionDto, toSessionInfo } from "../sessions/view.ts";

const TAGS = ["🖥️ Sessions"];
const ONE = "/api/sessions/:session";

/** Registers the sessions routes. */
export const sessionRoutes: FastifyPluginAsyncTypebox<{ ctx: ServerContext }> = async (
  app,
  { ctx },
) => {
  const { sessions } = ctx;
  const dto = async (record: SessionRecord) =>
    toSessionDto(record, sessions.live(record.name) ?? (await sessions.remote(record.name)));
  const infos = async (records: SessionRecord[]) =>
    (await sessions.views(records)).map((view) =>
      toSessionInfo(view.record, view.live, view.owner),
    );
  const info = async (record: SessionRecord) => (await infos([record]))[0] as SessionInfo;

  app.get("/api/sessions", {
    schema: {
      ...doc("List sessions", "Running sessions; `all=true` adds stopped ones."),
      querystring: SessionListQuerySchema,
      response: { 200: Type.Array(SessionInfoSchema), ...errorResponses(400) },
    },
    handler: async (request) => {
      const all = parseBoolean(request.query.all, "all", false);
      const records = await infos(await sessions.list());
      return all ? records : records.filter((item) => item.status !== "STOPPED");
    },
  });

  app.post("/api/sessions", {
    schema: {
      ...doc(
        "Create a session",
        "Creates a session and starts it unless `start` is false. The engine is the server default unless `engine` names another.",
      ),
      body: SessionCreateSchema,
      response: { 201: SessionDtoSchema, ...errorResponses(400, 422) },
    },
    handler: async (request) => dto(await sessions.create(request.body)),
  });

  app.get(ONE, {
    schema: {
      ...doc("Get a session", "The session's status, config, account and engine."),
      params: SessionParams,
      response: { 200: SessionInfoSchema, ...errorResponses(400, 404) },
    },
    handler: async (request) => info(await sessions.require(request.params.session)),
  });

  app.put(ONE, {
    schema: {
      ...doc(
        "Update a session",
        "Replaces the config (and the engine when given); restarts the session if it was running.",
      ),
      params: SessionParams,
      body: SessionUpdateSchema,
      response: { 200: SessionDtoSchema, ...errorResponses(400, 404) },
    },
    handler: async (request) => dto(await sessions.update(request.params.session, request.body)),
  });

  app.delete(ONE, {
    schema: {
      ...doc(
        "Delete a session",
        "Logs out, stops and deletes the session with its data. Idempotent.",
      ),
      params: SessionParams,
      response: { 200: EmptyObject, ...errorResponses(400) },
    },
    handler: async (request) => {
      await sessions.remove(request.params.session);
      ctx.pictures.clear(request.params.session);
      return {};
    },
  });

  app.get(`${ONE}/me`, {
    schema: {
      ...doc("Get the session's account", "The logged-in account, or null before pairing."),
      params: SessionParams,
      response: { 200: Type.Union([MeSchema, Type.Null()]), ...errorResponses(400, 404) },
    },
    handler: async (request) => (await info(await sessions.require(request.params.session))).me,
  });

  const actions = {
    start: ["Start the session", "Starts the session (idempotent)."],
    stop: ["Stop the session", "Stops the session, keeping its credentials (idempotent)."],
    restart: ["Restart the session", "Stops and starts the session."],
    logout: [
      "Log out the session",
      "Unpairs the device and clears its credentials; restarts it if it was running.",
    ],
  } as const;
  for (const [action, [summary, description]] of Object.entries(actions)) {
    app.post(`${ONE}/${action}`, {
      schema: {
        ...doc(summary, description),
        params: SessionParams,
        response: { 201: SessionDtoSchema, ...errorResponses(400, 404) },
      },
      handler: async (request) =>
        dto(await sessions[action as keyof typeof actions](request.params.session)),
    });
  }
};

// --- internal ---

function doc(summary: string, description: string) {
  return { summary, description, tags: TAGS };
}
