/**
 * @module Observability routes: ping (open), health, server version and status (with the event-loop
 * delay), and the engine description.
 */
import { hostname } from "node:os";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { type EngineRuntime, silentLogger } from "@wa/core";
import type { EngineRegistry } from "../engines.ts";
import { loadEngine } from "../engines.ts";
import { startLoopDelayMonitor } from "../loop-delay.ts";
import { errorResponses } from "../schemas/common.ts";
import {
  EngineDescriptionSchema,
  EngineQuerySchema,
  HealthSchema,
  PingSchema,
  ServerStatusSchema,
  VersionSchema,
} from "../schemas/misc.ts";
import type { ServerContext } from "../services/context.ts";
import { SessionOwnedElsewhere } from "../sessions/ownership.ts";

const TAGS = ["🔍 Observability"];

/** Registers the observability routes. */
export const miscRoutes: FastifyPluginAsyncTypebox<{
  ctx: ServerContext;
  engines: EngineRegistry;
}> = async (app, { ctx, engines }) => {
  app.get("/ping", {
    schema: {
      summary: "Ping the server",
      description: "Always `pong`; no API key needed.",
      tags: TAGS,
      security: [],
      response: { 200: PingSchema },
    },
    handler: async () => ({ message: "pong" }),
  });

  app.get("/health", {
    schema: {
      summary: "Check the health of the server",
      description: "Checks that the store answers.",
      tags: TAGS,
      response: { 200: HealthSchema, ...errorResponses() },
    },
    handler: async () => {
      await ctx.store.sessions.list();
      return {
        status: "ok",
        info: { store: { status: "up" } },
        error: {},
        details: { store: { status: "up" } },
      };
    },
  });

  for (const url of ["/api/server/version", "/api/version"]) {
    app.get(url, {
      schema: {
        summary:
          url === "/api/version" ? "Get the server version (deprecated)" : "Get the server version",
        description: "Version, default engine and platform.",
        tags: TAGS,
        ...(url === "/api/version" ? { deprecated: true } : {}),
        response: { 200: VersionSchema, ...errorResponses() },
      },
      handler: async () => ({
        version: ctx.version,
        engine: ctx.defaultEngine.toUpperCase(),
        tier: "CORE",
        browser: null,
        platform: `${process.platform}/${process.arch}`,
        worker: { id: hostname() },
      }),
    });
  }

  const loopDelay = startLoopDelayMonitor();
  app.addHook("onClose", async () => loopDelay.stop());
  app.get("/api/server/status", {
    schema: {
      summary: "Get the server status",
      description:
        "WAHA's start time, uptime and worker, plus `eventLoopDelay` (our extension): the server's event-loop delay in ms since it started (mean, p50, p99, max), which shows whether mass work such as restoring many sessions is spread out enough.",
      tags: TAGS,
      response: { 200: ServerStatusSchema, ...errorResponses() },
    },
    handler: async () => {
      const startTimestamp = Math.round(performance.timeOrigin);
      return {
        startTimestamp,
        uptime: Date.now() - startTimestamp,
        worker: { id: hostname() },
        eventLoopDelay: loopDelay.stats(),
      };
    },
  });

  app.get("/engine", {
    schema: {
      summary: "Describe an engine",
      description:
        "The info and capability table of the default engine, or of a running session's engine.",
      tags: TAGS,
      querystring: EngineQuerySchema,
      response: { 200: EngineDescriptionSchema, ...errorResponses(400, 422) },
    },
    handler: async (request) => {
      const session = request.query.session;
      const runtime = session ? ctx.sessions.live(session)?.runtime : null;
      // A session another instance drives: its engine is described there.
      const owner = session && !runtime ? await ctx.sessions.ownerElsewhere(session) : null;
      if (session && owner) throw new SessionOwnedElsewhere(session, owner);
      return describe(runtime ?? null, engines, ctx.defaultEngine);
    },
  });
};

// --- internal ---

/** A running engine's table, or a fresh (never started) instance of the default engine's. */
async function describe(runtime: EngineRuntime | null, engines: EngineRegistry, name: string) {
  if (runtime) return { info: runtime.engine.info, capabilities: runtime.engine.capabilities };
  const module = await loadEngine(engines, name);
  const engine = module.createEngine({ session: "_describe", config: {}, logger: silentLogger });
  return { info: engine.info, capabilities: engine.capabilities };
}
