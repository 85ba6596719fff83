/**
 * @module The session manager: session records in the store, the live sessions in memory, and
 * their lifecycle (create, start, stop, restart, logout, update, delete, restore after a restart).
 */
import { randomBytes } from "node:crypto";
import {
  assertSessionName,
  type EngineLogger,
  type SessionRecord,
  type SessionStatus,
  WaError,
} from "@wa/core";
import type { Store } from "@wa/store";
import { type EngineRegistry, resolveEngineName } from "../engines.ts";
import { createLiveSession, type LiveSession } from "./live-session.ts";
import { DEFAULT_RESTORE_PACING, paceRestore, type RestorePacing } from "./restore.ts";
import { runSession } from "./runner.ts";
import { type SessionWaitOptions, waitForStatus } from "./wait.ts";

/** Options of {@link createSessionManager}. */
export interface SessionManagerOptions {
  store: Store;
  engines: EngineRegistry;
  /** Engine of sessions created without one, e.g. `noweb`. */
  defaultEngine: string;
  logger: EngineLogger;
  wait: SessionWaitOptions;
}

/** What POST /api/sessions accepts. */
export interface SessionCreateInput {
  name?: string;
  config?: Record<string, unknown>;
  /** @default true (the docs' behaviour, waha-compat §12 item 14) */
  start?: boolean;
  /** Our extension: the engine of this session; @default the server's default engine. */
  engine?: string;
}

/** The session manager. */
export type SessionManager = ReturnType<typeof createSessionManager>;

/** Creates the session manager over a store and an engine registry. */
export function createSessionManager(options: SessionManagerOptions) {
  const { store } = options;
  const lives = new Map<string, LiveSession>();
  const writes = new Map<string, Promise<void>>();

  /** Patches the stored record, one write at a time per session so no change is lost. */
  const patchRecord = (name: string, patch: (record: SessionRecord) => SessionRecord) => {
    const previous = writes.get(name) ?? Promise.resolve();
    const next = previous.then(async () => {
      const record = await store.sessions.get(name);
      if (record) await store.sessions.put({ ...patch(record), updatedAt: Date.now() });
    });
    const settled = next.catch((error: unknown) => {
      options.logger.error({ err: error, session: name }, "session record write failed");
    });
    writes.set(name, settled);
    return settled;
  };

  const deps = {
    ...options,
    onStatus: (live: LiveSession) =>
      patchRecord(live.name, (record) => ({ ...record, status: live.status, me: live.me })),
  };

  const manager = {
    /** The live session, when running. */
    live: (name: string): LiveSession | undefined => lives.get(name),
    exists: async (name: string) => (await store.sessions.get(name)) !== null,

    /** The stored record, or 404 (`WA_SESSION_NOT_FOUND`). */
    async require(name: string): Promise<SessionRecord> {
      assertSessionName(name);
      const record = await store.sessions.get(name);
      if (!record) throw new WaError("WA_SESSION_NOT_FOUND", "Session not found");
      return record;
    },

    list: () => store.sessions.list(),

    /** Waits (WAHA's pipe) until the session has one of the statuses; 422 otherwise. */
    waitFor(name: string, expected: readonly SessionStatus[] = ["WORKING"]) {
      return waitForStatus(manager, name, expected, options.wait);
    },

    async create(input: SessionCreateInput): Promise<SessionRecord> {
      const name = input.name ? assertSessionName(input.name) : autoName();
      if (await store.sessions.get(name)) {
        throw new WaError(
          "WA_SESSION_EXISTS",
          `Session '${name}' already exists. Use PUT to update it.`,
        );
      }
      const engine = resolveEngineName(options.engines, input.engine ?? options.defaultEngine);
      const now = Date.now();
      await store.sessions.put({
        ...{ name, engine, config: input.config ?? {}, status: "STOPPED", running: false },
        ...{ me: null, createdAt: now, updatedAt: now },
      });
      if (input.start !== false) await manager.start(name);
      return manager.require(name);
    },

    /** Starts a session (idempotent); the engine starts in the background. */
    async start(name: string): Promise<SessionRecord> {
      const record = await manager.require(name);
      if (lives.has(name)) return record;
      const live = createLiveSession(name, record.me);
      lives.set(name, live);
      await patchRecord(name, (r) => ({ ...r, running: true, status: "STARTING" }));
      await recordStatus(name, "STARTING");
      void runSession(deps, record, live);
      return manager.require(name);
    },

    /** Stops a session (idempotent), keeping its credentials. */
    async stop(name: string): Promise<SessionRecord> {
      await manager.require(name);
      await stopLive(name);
      await patchRecord(name, (r) => ({ ...r, status: "STOPPED", running: false }));
      await recordStatus(name, "STOPPED");
      return manager.require(name);
    },

    async restart(name: string): Promise<SessionRecord> {
      await manager.stop(name);
      return manager.start(name);
    },

    /** Unpairs (when running), clears the credentials, and starts again if it was running. */
    async logout(name: string): Promise<SessionRecord> {
      await manager.require(name);
      const wasRunning = lives.has(name);
      await engineLogout(name);
      await manager.stop(name);
      await store.authState(name).clear();
      await patchRecord(name, (r) => ({ ...r, me: null }));
      return wasRunning ? manager.start(name) : manager.require(name);
    },

    /** Replaces config (and engine when given); restarts the session if it was running. */
    async update(name: string, input: SessionCreateInput): Promise<SessionRecord> {
      const record = await manager.require(name);
      const engine = input.engine
        ? resolveEngineName(options.engines, input.engine)
        : record.engine;
      const wasRunning = lives.has(name);
      if (wasRunning) await manager.stop(name);
      await patchRecord(name, (r) => ({ ...r, engine, config: input.config ?? {} }));
      return wasRunning ? manager.start(name) : manager.require(name);
    },

    /** Unpairs, stops and deletes a session with its data; idempotent. */
    async remove(name: string): Promise<void> {
      assertSessionName(name);
      if (!(await store.sessions.get(name))) return;
      await engineLogout(name);
      await stopLive(name);
      await (writes.get(name) ?? Promise.resolve());
      await store.sessions.delete(name);
      writes.delete(name);
    },

    /**
     * Starts the sessions that were running before the restart, paced (see `restore.ts`): all are
     * STARTING at once, their engines start a few at a time in the background.
     */
    async restore(pacing: Partial<RestorePacing> | number = {}): Promise<void> {
      const records = (await store.sessions.list()).filter((record) => record.running);
      const queued = new Map<LiveSession, SessionRecord>();
      for (const record of records) {
        const live = createLiveSession(record.name, record.me);
        lives.set(record.name, live);
        queued.set(live, record);
      }
      // A bare number is the old signature: the delay between two starts.
      const options = typeof pacing === "number" ? { staggerMs: pacing } : pacing;
      void paceRestore([...queued.keys()], { ...DEFAULT_RESTORE_PACING, ...options }, (live) => {
        void runSession(deps, queued.get(live) as SessionRecord, live);
      });
    },

    /** Stops every engine without touching the records, so they start again next time. */
    async shutdown(): Promise<void> {
      await Promise.all([...lives.keys()].map((name) => stopLive(name)));
      await Promise.all([...writes.values()]);
    },
  };

  async function stopLive(name: string): Promise<void> {
    const live = lives.get(name);
    if (!live) return;
    lives.delete(name);
    live.cancelled = true;
    await live.runtime?.stop().catch((error: unknown) => {
      options.logger.warn({ err: error, session: name }, "engine stop failed");
    });
  }

  /** A status the manager sets is a `session.status` event like the engine's (one per change). */
  async function recordStatus(name: string, status: SessionStatus): Promise<void> {
    await store.apply(name, { type: "session.status", status });
  }

  async function engineLogout(name: string): Promise<void> {
    const runtime = lives.get(name)?.runtime;
    if (!runtime || runtime.isStopped) return;
    await runtime
      .call(null, (engine) => engine.logout())
      .catch((error: unknown) => {
        options.logger.warn({ err: error, session: name }, "engine logout failed");
      });
  }

  return manager;
}

// --- internal ---

function autoName(): string {
  return `session_${randomBytes(13).toString("hex")}`;
}
