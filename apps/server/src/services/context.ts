/** @module What every route plugin receives: the store, the sessions, caches, and server facts. */
import { type EngineRuntime, WaError } from "@wa/core";
import type { Store } from "@wa/store";
import type { EventsContext } from "../events/events-context.ts";
import type { ResponseCache } from "../http-cache/response-cache.ts";
import type { MediaService } from "../media/media-service.ts";
import type { EventBus } from "../sessions/event-bus.ts";
import type { SessionManager } from "../sessions/manager.ts";
import { SessionOwnedElsewhere } from "../sessions/ownership.ts";
import type { OverviewModel } from "./overview-model.ts";
import type { PictureCache } from "./pictures.ts";

/** Shared server state handed to route plugins. */
export interface ServerContext {
  store: Store;
  sessions: SessionManager;
  pictures: PictureCache;
  /** The GET response cache (bodies per session, dropped on any change of the session). */
  responses: ResponseCache;
  /** The overview read model (none: every overview is computed from the store). */
  overviews?: OverviewModel;
  /** Committed writes, live (webhooks wake on it, the WebSocket forwards it). */
  bus: EventBus;
  /** Media downloads and the files they keep. */
  media: MediaService;
  /** Webhooks, envelope facts and retention. */
  events: EventsContext;
  /** The default engine name (lower case). */
  defaultEngine: string;
  /** This server's version. */
  version: string;
}

/** Waits (WAHA's pipe) until a session is WORKING and returns its guarded engine; 422 otherwise. */
export async function workingRuntime(ctx: ServerContext, session: string): Promise<EngineRuntime> {
  const live = await ctx.sessions.waitFor(session);
  if (live.runtime) return live.runtime;
  // Another instance drives it: the route layer forwards the request there.
  if (live.owner) throw new SessionOwnedElsewhere(session, live.owner);
  throw new WaError(
    "WA_SESSION_NOT_READY",
    "Session status is not as expected. Try again later or restart the session",
    {
      details: { session, status: live.status, expected: ["WORKING"] },
    },
  );
}
