/**
 * @module `buildApp(opts)`: the Fastify app (no `listen`) — auth, WAHA-compatible errors, body
 * parsers for every client dialect, OpenAPI at `/-json` with Swagger UI at `/`, and the routes.
 */

import { tmpdir } from "node:os";
import { join } from "node:path";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { Store } from "@wa/store";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from "fastify";
import { registerAuth } from "./auth.ts";
import { registerBodyParsers } from "./body-parsers.ts";
import type { Cluster } from "./cluster/cluster.ts";
import { registerForwarding } from "./cluster/forwarding.ts";
import { notifyingStore } from "./cluster/notifying-store.ts";
import { followPeerChanges } from "./cluster/peer-changes.ts";
import { DEFAULT_ENGINES, type EngineRegistry, resolveEngineName } from "./engines.ts";
import { registerErrorHandler } from "./errors.ts";
import type { EventsConfig } from "./events/config.ts";
import { createEventsContext } from "./events/events-context.ts";
import { createMediaPayloads } from "./events/media-payloads.ts";
import { publishingStore } from "./events/publishing-store.ts";
import { webhookSessions } from "./events/webhook-sessions.ts";
import { registerEventStream } from "./events/ws.ts";
import { answerHitsEarly } from "./http-cache/early-hits.ts";
import { invalidatingSessions, invalidatingStore } from "./http-cache/invalidation.ts";
import { type HttpCacheSetting, httpCacheFromEnv } from "./http-cache/options.ts";
import { createResponseCache } from "./http-cache/response-cache.ts";
import { createMediaFiles } from "./media/media-files.ts";
import { createMediaService } from "./media/media-service.ts";
import { createS3MediaStorage } from "./media/s3-media-storage.ts";
import { defaultMediaSettings, type MediaSettings } from "./media/settings.ts";
import { openApiOptions, serializeJson } from "./openapi.ts";
import { parseQueryString } from "./query-string.ts";
import { authRoutes } from "./routes/auth.ts";
import { chatRoutes } from "./routes/chats.ts";
import { chattingRoutes } from "./routes/chatting.ts";
import { eventRoutes } from "./routes/events.ts";
import { fileRoutes } from "./routes/files.ts";
import { messageRoutes } from "./routes/messages.ts";
import { miscRoutes } from "./routes/misc.ts";
import { sessionRoutes } from "./routes/sessions.ts";
import { deprecatedSessionRoutes } from "./routes/sessions-deprecated.ts";
import { ChatListItemSchema, ChatSummarySchema } from "./schemas/chats.ts";
import { ErrorSchema } from "./schemas/common.ts";
import { EventEnvelopeSchema, WebhookConfigSchema } from "./schemas/events.ts";
import { WAMessageSchema } from "./schemas/messages.ts";
import type { ServerContext } from "./services/context.ts";
import { createOverviewModel, overviewTrackingStore } from "./services/overview-model.ts";
import { createPictureCache } from "./services/pictures.ts";
import { createEventBus } from "./sessions/event-bus.ts";
import { createSessionManager } from "./sessions/manager.ts";
import { DEFAULT_SESSION_WAIT, type SessionWaitOptions } from "./sessions/wait.ts";
import {
  createWriteLimiter,
  DEFAULT_WRITE_LIMITS,
  type WriteLimits,
} from "./sessions/write-limiter.ts";
import { registerWriteLimit } from "./sessions/write-routes.ts";

/** This server's version, reported by `/api/server/version`. */
export const SERVER_VERSION = "0.1.0";

/** Options of {@link buildApp}. */
export interface AppOptions {
  store: Store;
  /** A pino logger (or `false`/absent for none). */
  logger?: FastifyBaseLogger | false;
  /** The API key (plain or `sha512:<hex>`); null disables authentication. */
  apiKey: string | null;
  /** Paths left open despite the key (`WHATSAPP_API_KEY_EXCLUDE_PATH`), e.g. `["health"]`. */
  apiKeyExcludePaths?: string[];
  /** Replaces the engine registry (tests inject configured memory engines). */
  engines?: EngineRegistry;
  /** Engine of sessions created without one. @default "noweb" */
  defaultEngine?: string;
  /** WAHA's session waits; tests make them short. */
  sessionWait?: Partial<SessionWaitOptions>;
  /** The GET response cache's bounds, or `false` for none. @default from the env (`WA_HTTP_CACHE*`) */
  httpCache?: HttpCacheSetting;
  /** Media settings (`main.ts` reads them from the env). @default files under the OS temp dir */
  media?: Partial<MediaSettings>;
  /** Global webhook, delivery bounds and retention. @default no global webhook, the defaults */
  events?: Partial<EventsConfig>;
  /** Bytes a WebSocket client may have waiting before it is dropped. @default 1 MiB */
  wsBufferLimit?: number;
  /** Sessions that may exist at once (`WA_MAX_SESSIONS`). @default no limit */
  maxSessions?: number;
  /** Each session's command lane: running at once, waiting, longest wait, Retry-After. @default 2, 16, 1 s, 1 s */
  writeLimits?: Partial<WriteLimits>;
  /**
   * Several instances on one PostgreSQL: this instance's membership (leases, forwarding, change
   * notices). @default none: this instance drives every session
   */
  cluster?: Cluster;
}

/** The app plus the state tests and `main.ts` need. */
export type App = FastifyInstance & { ctx: ServerContext };

/** Builds the app without listening. Closing it stops every engine (records stay running). */
export async function buildApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: options.logger || undefined,
    routerOptions: { querystringParser: parseQueryString },
    ajv: { customOptions: { coerceTypes: "array", removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  const ctx = createContext(app, options);
  app.decorate("ctx", ctx);
  // First: its preClose hook must run before any other (see early-hits.ts).
  answerHitsEarly(app, { ctx, apiKey: options.apiKey, logger: options.logger });

  registerErrorHandler(app);
  registerBodyParsers(app);
  registerAuth(app, options.apiKey, options.apiKeyExcludePaths);
  // Before any route: the hook wraps the handlers of the command routes registered after it.
  registerWriteLimit(app, createWriteLimiter({ ...DEFAULT_WRITE_LIMITS, ...options.writeLimits }));
  // After the write limit: a command for a session driven elsewhere is forwarded before it queues.
  if (options.cluster) {
    registerForwarding(app, {
      self: options.cluster.self,
      ownerElsewhere: (session) => ctx.sessions.ownerElsewhere(session),
    });
  }
  app.setSerializerCompiler(() => serializeJson);
  // Nest answers 201 to every POST (waha-compat §1.4); errors set their own status later. The
  // hook goes on POST routes only: a read runs no preHandler at all (no hook runner, no promise).
  app.addHook("onRoute", (route) => {
    if (![route.method].flat().includes("POST")) return;
    route.preHandler = [answerCreated, ...[route.preHandler ?? []].flat()];
  });
  const schemas = [ErrorSchema, WAMessageSchema, ChatListItemSchema, ChatSummarySchema];
  for (const schema of [...schemas, EventEnvelopeSchema, WebhookConfigSchema]) {
    app.addSchema(schema);
  }
  await app.register(swagger, openApiOptions(SERVER_VERSION));
  await app.register(swaggerUi, { routePrefix: "/", staticCSP: true });
  app.get("/-json", { schema: { hide: true } }, async () => app.swagger());

  const engines = options.engines ?? DEFAULT_ENGINES;
  await ctx.media.files.restore();
  const plugins = [chatRoutes, messageRoutes, fileRoutes, sessionRoutes, deprecatedSessionRoutes];
  plugins.push(authRoutes, chattingRoutes, eventRoutes);
  for (const plugin of plugins) {
    await app.register(plugin, { ctx });
  }
  await app.register(miscRoutes, { ctx, engines });
  registerEventStream(app, {
    bus: ctx.bus,
    apiKey: options.apiKey,
    facts: ctx.events.facts,
    payloads: ctx.events.payloads,
    environment: ctx.events.environment,
    ...(options.wsBufferLimit ? { bufferLimit: options.wsBufferLimit } : {}),
  });
  // Delivery resumes from the store as soon as the app is ready, before sessions restore.
  app.addHook("onReady", async () => ctx.events.start());
  app.addHook("onClose", async () => {
    await ctx.sessions.shutdown();
    await ctx.events.close();
    ctx.media.close();
  });
  return app as unknown as App;
}

// --- internal ---

/** The preHandler of POST routes: Nest's 201 (a callback hook, so it costs no promise). */
function answerCreated(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  if (request.method === "POST") reply.code(201);
  done();
}

function createContext(app: FastifyInstance, options: AppOptions): ServerContext {
  const engines = options.engines ?? DEFAULT_ENGINES;
  const defaultEngine = resolveEngineName(engines, options.defaultEngine ?? "noweb");
  const cacheSetting = options.httpCache ?? httpCacheFromEnv();
  const responses = createResponseCache(cacheSetting === false ? { enabled: false } : cacheSetting);
  const bus = createEventBus((error) => app.log.error({ err: error }, "event listener failed"));
  // Every write and lifecycle change goes through these wrappers, so cached reads never go stale
  // and every committed write is published (webhooks wake, the WebSocket forwards).
  const { cluster } = options;
  const shared = cluster ? notifyingStore(options.store, cluster.changes.notify) : options.store;
  // With several instances a peer's writes reach this one as notices only: no overview model.
  const overviews = cluster ? undefined : createOverviewModel(shared);
  const tracked = overviews ? overviewTrackingStore(shared, overviews) : shared;
  const store = publishingStore(invalidatingStore(tracked, responses), bus);
  const media = createMedia(options.media ?? {}, responses.invalidate, (error) =>
    app.log.warn({ err: error }, "media storage: a background deletion failed"),
  );
  const events = createEventsContext({
    store,
    // With several instances one at a time sends each webhook's events (no doubles).
    ...(cluster ? { holds: cluster.deliveryHolds } : {}),
    bus,
    config: options.events ?? {},
    version: SERVER_VERSION,
    defaultEngine,
    logger: app.log,
    payloads: createMediaPayloads({
      media,
      runtimeOf: (session) => sessions.live(session)?.runtime ?? undefined,
      origin: () => localOrigin(app),
    }),
  });
  const sessions = createSessionManager({
    store,
    engines,
    defaultEngine,
    logger: app.log,
    wait: { ...DEFAULT_SESSION_WAIT, ...options.sessionWait },
    ...(options.maxSessions ? { maxSessions: options.maxSessions } : {}),
    ...(cluster ? { ownership: cluster.ownership } : {}),
  });
  const pictures = createPictureCache(app.log);
  pictures.onChange((session) => {
    // The overview embeds pictures.
    responses.invalidate(session);
    // Other instances forget theirs: they may drive the session again later.
    if (cluster) void cluster.changes.notify(session, "pictures");
  });
  if (cluster) {
    followPeerChanges(cluster.changes, { store, responses, pictures, events, logger: app.log });
  }
  const invalidated = invalidatingSessions(webhookSessions(sessions, events.webhooks), responses);
  const managed = overviews ? invalidatingSessions(invalidated, overviews) : invalidated;
  return {
    store,
    // A deleted session's files go with it.
    sessions: {
      ...managed,
      remove: async (name) => {
        await managed.remove(name);
        await media.files.removeSession(name);
      },
    },
    media,
    pictures,
    responses,
    ...(overviews ? { overviews } : {}),
    bus,
    events,
    defaultEngine,
    version: SERVER_VERSION,
  };
}

/**
 * The media service over the configured storage (the local folder or S3); pages naming an expired
 * file (or a failure that may be retried) are dropped.
 */
function createMedia(
  settings: Partial<MediaSettings>,
  invalidate: (session: string) => void,
  onError: (error: unknown) => void,
) {
  const resolved = { ...defaultMediaSettings(join(tmpdir(), "wa-http-api")), ...settings };
  const lifetimeMs = resolved.lifetimeSeconds * 1000;
  const files =
    resolved.storage.kind === "s3"
      ? createS3MediaStorage({
          settings: resolved.storage.s3,
          lifetimeMs,
          onExpire: invalidate,
          onError,
        })
      : createMediaFiles({ folder: resolved.folder, lifetimeMs, onExpire: invalidate });
  return createMediaService({ settings: resolved, files, onChange: invalidate });
}

/** `http://localhost:<port>` of the listening server: file URLs of events have no request. */
function localOrigin(app: FastifyInstance): string {
  const address = app.server.address();
  const port = address && typeof address === "object" ? address.port : 3000;
  return `http://localhost:${port}`;
}
