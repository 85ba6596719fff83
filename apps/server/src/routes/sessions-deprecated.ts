/**
 * @module WAHA's deprecated session routes, kept for old clients: `POST /api/sessions/start`,
 * `/stop` and `/logout` with the session name in the body.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { errorResponses } from "../schemas/common.ts";
import { SessionConfigSchema, SessionDtoSchema } from "../schemas/sessions.ts";
import type { ServerContext } from "../services/context.ts";
import { toSessionDto } from "../sessions/view.ts";

const TAGS = ["🖥️ Sessions"];
const Name = Type.String({ examples: ["default"], description: "Session name" });
const StartBody = Type.Object({ name: Name, config: Type.Optional(SessionConfigSchema) });
const StopBody = Type.Object({ name: Name, logout: Type.Optional(Type.Boolean()) });
const LogoutBody = Type.Object({ name: Name });
const DOC = {
  description: "Deprecated: use the `/api/sessions/{session}/...` routes.",
  deprecated: true,
  tags: TAGS,
  response: { 201: SessionDtoSchema, ...errorResponses(400, 404, 422) },
};

/** Registers the deprecated session routes. */
export const deprecatedSessionRoutes: FastifyPluginAsyncTypebox<{ ctx: ServerContext }> = async (
  app,
  { ctx },
) => {
  const { sessions } = ctx;
  const dto = async (name: string) =>
    toSessionDto(
      await sessions.require(name),
      sessions.live(name) ?? (await sessions.remote(name)),
    );

  app.post("/api/sessions/start", {
    schema: { ...DOC, summary: "Upsert and start a session", body: StartBody },
    handler: async (request) => {
      const { name, config } = request.body;
      if (!(await sessions.exists(name)))
        return dto((await sessions.create({ name, config: config ?? {} })).name);
      if (config) await sessions.update(name, { config });
      return dto((await sessions.start(name)).name);
    },
  });

  app.post("/api/sessions/stop", {
    schema: { ...DOC, summary: "Stop (and optionally log out) a session", body: StopBody },
    handler: async (request) => {
      if (request.body.logout) await sessions.logout(request.body.name);
      return dto((await sessions.stop(request.body.name)).name);
    },
  });

  app.post("/api/sessions/logout", {
    schema: { ...DOC, summary: "Log out a session", body: LogoutBody },
    handler: async (request) => dto((await sessions.logout(request.body.name)).name),
  });
};
