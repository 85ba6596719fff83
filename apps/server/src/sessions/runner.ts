/**
 * @module Starts one session's engine: load it from the registry, wrap it in the runtime guard,
 * and give it an `EngineContext` whose `emit` stores each event durably (the store writes its
 * outbox events and publishes the commit) and tracks the session status (status, QR, account).
 * A start that fails is a `FAILED` status event like any other.
 */
import {
  createEngineRuntime,
  type DomainEvent,
  type EngineContext,
  type EngineLogger,
  isWaError,
  type SessionRecord,
  type SessionStatusEvent,
} from "@wa/core";
import type { Store } from "@wa/store";
import { type EngineRegistry, loadEngine } from "../engines.ts";
import { fencedAuthState } from "./fenced-auth-state.ts";
import type { LiveSession } from "./live-session.ts";

/** What the runner needs from the server. */
export interface RunnerDeps {
  /** The store every event goes through (publishing each commit). */
  store: Store;
  engines: EngineRegistry;
  logger: EngineLogger;
  /** Persists status / account changes into the session record. */
  onStatus(live: LiveSession): Promise<void>;
  /** Whether this instance still drives the session (several instances); @default always */
  drives?(session: string): boolean;
}

/**
 * Loads, creates and starts the engine of `record` into `live`. Never throws: a failure (engine
 * not installed, start error) leaves the session `FAILED` with the reason in `live.failure`.
 */
export async function runSession(
  deps: RunnerDeps,
  record: SessionRecord,
  live: LiveSession,
): Promise<void> {
  const logger = deps.logger.child({ session: record.name, engine: record.engine });
  try {
    const module = await loadEngine(deps.engines, record.engine);
    if (live.cancelled) return;
    const engine = module.createEngine({ session: record.name, config: record.config, logger });
    live.runtime = createEngineRuntime(engine);
    await live.runtime.start(createContext(deps, live, logger));
  } catch (error) {
    if (live.cancelled) return;
    logger.error({ err: error }, "session failed to start");
    const reason = describeFailure(error);
    await deps.store
      .apply(record.name, { type: "session.status", status: "FAILED", reason })
      .catch((storeError: unknown) => logger.error({ err: storeError }, "storing FAILED failed"));
    live.failure = reason;
    live.status = "FAILED";
    await deps.onStatus(live);
  }
}

// --- internal ---

/** `WA_ENGINE_NOT_INSTALLED: [wa:noweb] The 'noweb' engine could not be loaded (...)`. */
function describeFailure(error: unknown): string {
  if (isWaError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

function createContext(deps: RunnerDeps, live: LiveSession, logger: EngineLogger): EngineContext {
  const { store } = deps;
  const session = live.name;
  return {
    session,
    logger,
    // With several instances, an engine whose lease was lost no longer writes the credentials.
    authState: deps.drives
      ? fencedAuthState(store.authState(session), () => deps.drives?.(session) ?? true, logger)
      : store.authState(session),
    messages: {
      getMessage: (key) => store.getMessage(session, key.chatId, key),
      getNewestMessage: (chatId) => store.getNewestMessage(session, chatId),
    },
    emit: async (event: DomainEvent) => {
      // A stopped session's engine may still flush events; they must not touch the new state.
      if (live.cancelled) return;
      // A failed write rejects: the engine's command fails rather than answer a silent success.
      await store.apply(session, event);
      live.lastActivity = Date.now();
      if (event.type === "session.status") await trackStatus(deps, live, event);
    },
    // One store write (one fsync) for what the engine received together.
    emitAll: async (events: readonly DomainEvent[]) => {
      if (live.cancelled || events.length === 0) return;
      await store.apply(session, events);
      live.lastActivity = Date.now();
      for (const event of events) {
        if (event.type === "session.status") await trackStatus(deps, live, event);
      }
    },
  };
}

async function trackStatus(deps: RunnerDeps, live: LiveSession, event: SessionStatusEvent) {
  live.status = event.status;
  live.qr = event.status === "SCAN_QR_CODE" ? (event.qr ?? live.qr) : null;
  if (event.me) live.me = event.me;
  live.failure = event.status === "FAILED" ? (event.reason ?? null) : null;
  await deps.onStatus(live);
}
