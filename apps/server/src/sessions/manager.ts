/**
 * @module The session manager: session records in the store, the live sessions in memory, and
 * their lifecycle (create, start, stop, restart, logout, update, delete, restore after a restart).
 * Record writes live in `session-records.ts`, the engines running here in `live-registry.ts`, and
 * which instance drives which session in `placement.ts`.
 */
import {
  assertSessionName,
  type EngineLogger,
  type SessionRecord,
  type SessionStatus,
  WaError,
} from "@wa/core";
import type { Store } from "@wa/store";
import { type EngineRegistry, resolveEngineName } from "../engines.ts";
import { createKeyedLock } from "./keyed-lock.ts";
import { createLiveRegistry } from "./live-registry.ts";
import type { LiveSession } from "./live-session.ts";
import type { SessionOwnership } from "./ownership.ts";
import { createPlacement } from "./placement.ts";
import { DEFAULT_RESTORE_PACING, paceRestore, type RestorePacing } from "./restore.ts";
import { runSession } from "./runner.ts";
import {
  autoSessionName,
  createSessionRecordWriter,
  insertSessionRecord,
  type SessionCreateInput,
} from "./session-records.ts";
import { type SessionWaitOptions, waitForStatus } from "./wait.ts";

export type { SessionCreateInput } from "./session-records.ts";

/** Options of {@link createSessionManager}. */
export interface SessionManagerOptions {
  store: Store;
  engines: EngineRegistry;
  /** Engine of sessions created without one, e.g. `noweb`. */
  defaultEngine: string;
  logger: EngineLogger;
  wait: SessionWaitOptions;
  /** At most this many sessions may exist (`WA_MAX_SESSIONS`); 0 or absent for no limit. */
  maxSessions?: number;
  /**
   * Several instances on one database: which instance drives which session. Absent (one
   * instance), this instance drives every session.
   */
  ownership?: SessionOwnership;
}

/** The session manager. */
export type SessionManager = ReturnType<typeof createSessionManager>;

/**
 * Creates the session manager over a store and an engine registry. Lifecycle operations (create,
 * start, stop, restart, logout, update, remove) on one name run one at a time, in call order: a
 * delete and a concurrent restart never interleave, so whichever was called last decides (a
 * restart after a delete answers 404; a delete after a restart deletes the restarted session).
 */
export function createSessionManager(options: SessionManagerOptions) {
  const { store, ownership } = options;
  const lives = createLiveRegistry(options.logger);
  const records = createSessionRecordWriter(store, options.logger);
  const lifecycle = createKeyedLock();
  // Creates of different names count the existing sessions one at a time, so two of them never
  // both pass the last free place under WA_MAX_SESSIONS.
  const creates = createKeyedLock();
  const placement = createPlacement({ store, ownership, lives, lifecycle });
  const { notDrivenElsewhere } = placement;
  const locked =
    <A extends unknown[], R>(operation: (name: string, ...rest: A) => Promise<R>) =>
    (name: string, ...rest: A): Promise<R> =>
      lifecycle.run(name, () => operation(name, ...rest));

  const deps = {
    ...options,
    ...(ownership ? { drives: (name: string) => ownership.holds(name) } : {}),
    onStatus: (live: LiveSession) =>
      records.patch(live.name, (record) => ({ ...record, status: live.status, me: live.me })),
  };

  // A lost lease means another instance may start the session any moment: stop driving it now,
  // leaving the record as it is (the session goes on running, elsewhere).
  ownership?.onLost((name) => void lives.stop(name));

  const manager = {
    /** The live session, when running here. */
    live: lives.get,
    /** This instance, when several share the database. */
    self: placement.self,
    /** A read-only view of a running session another instance drives (see `placement.ts`). */
    remote: placement.remote,
    /** What `/api/sessions` shows of each record (see `placement.ts`). */
    views: placement.views,
    /** The other instance driving the session, or null (it runs here, or nowhere). */
    ownerElsewhere: placement.ownerElsewhere,
    /** The owner of each session that has one (several instances only; empty otherwise). */
    owners: placement.owners,
    exists: async (name: string) => (await store.sessions.get(name)) !== null,
    /** Whether the session is meant to run (`null` when it does not exist). */
    running: async (name: string) => (await store.sessions.get(name))?.running ?? null,

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
      const name = input.name ? assertSessionName(input.name) : autoSessionName();
      return lifecycle.run(name, async () => {
        await creates.run("", () => insertSessionRecord(options, name, input));
        if (input.start !== false) await startLive(name);
        return manager.require(name);
      });
    },

    /**
     * Starts a session (idempotent while it runs); the engine starts in the background. A FAILED
     * session starts again from scratch.
     */
    start: locked(startLive),

    /** Stops a session (idempotent), keeping its credentials. */
    stop: locked(stopSession),

    restart: locked(async (name: string): Promise<SessionRecord> => {
      await notDrivenElsewhere(name);
      await stopSession(name);
      return startLive(name);
    }),

    /** Unpairs (when running), clears the credentials, and starts again if it was running. */
    logout: locked(async (name: string): Promise<SessionRecord> => {
      await manager.require(name);
      await notDrivenElsewhere(name);
      const wasRunning = lives.has(name);
      await lives.logout(name);
      await stopSession(name);
      await store.authState(name).clear();
      await records.patch(name, (r) => ({ ...r, me: null }));
      return wasRunning ? startLive(name) : manager.require(name);
    }),

    /** Replaces config (and engine when given); restarts the session if it was running. */
    update: locked(async (name: string, input: SessionCreateInput): Promise<SessionRecord> => {
      const record = await manager.require(name);
      await notDrivenElsewhere(name);
      const engine = input.engine
        ? resolveEngineName(options.engines, input.engine)
        : record.engine;
      const wasRunning = lives.has(name);
      if (wasRunning) await stopSession(name);
      await records.patch(name, (r) => ({ ...r, engine, config: input.config ?? {} }));
      return wasRunning ? startLive(name) : manager.require(name);
    }),

    /** Unpairs, stops and deletes a session with its data; idempotent. */
    async remove(name: string): Promise<void> {
      assertSessionName(name);
      await lifecycle.run(name, async () => {
        if (!(await store.sessions.get(name))) return;
        await notDrivenElsewhere(name);
        await lives.logout(name);
        await lives.stop(name);
        await records.settled(name);
        await store.sessions.delete(name);
        records.forget(name);
        await ownership?.release(name);
      });
    },

    /** Resolves once the lifecycle operations on `name` called so far have finished. */
    settled: (name: string) => lifecycle.settled(name),

    /**
     * Starts the sessions that were running before the restart, paced (see `restore.ts`): all are
     * STARTING at once, their engines start a few at a time in the background.
     */
    async restore(pacing: Partial<RestorePacing> | number = {}): Promise<void> {
      const running = (await store.sessions.list()).filter((record) => record.running);
      const queued = new Map<LiveSession, SessionRecord>();
      await placement.eachClaimed(running, (record) => {
        queued.set(lives.add(record.name, record.me), record);
      });
      // A bare number is the old signature: the delay between two starts.
      const options = typeof pacing === "number" ? { staggerMs: pacing } : pacing;
      void paceRestore([...queued.keys()], { ...DEFAULT_RESTORE_PACING, ...options }, (live) => {
        void runSession(deps, queued.get(live) as SessionRecord, live);
      });
    },

    /** Stops every engine without touching the records, so they start again next time. */
    async shutdown(): Promise<void> {
      await Promise.all(lives.names().map((name) => lives.stop(name)));
      await records.all();
    },
  };

  async function startLive(name: string): Promise<SessionRecord> {
    const record = await manager.require(name);
    const running = lives.get(name);
    if (running && running.status !== "FAILED") return record;
    await lives.stopping(name);
    await placement.claim(name);
    // A FAILED engine is done for: drop it and start a fresh one (WAHA's start on FAILED).
    if (running) await lives.stop(name);
    const live = lives.add(name, record.me);
    await records.patch(name, (r) => ({ ...r, running: true, status: "STARTING" }));
    await recordStatus(name, "STARTING");
    void runSession(deps, record, live);
    return manager.require(name);
  }

  async function stopSession(name: string): Promise<SessionRecord> {
    await manager.require(name);
    await notDrivenElsewhere(name);
    await lives.stop(name);
    await records.patch(name, (r) => ({ ...r, status: "STOPPED", running: false }));
    await recordStatus(name, "STOPPED");
    await ownership?.release(name);
    return manager.require(name);
  }

  /** A status the manager sets is a `session.status` event like the engine's (one per change). */
  async function recordStatus(name: string, status: SessionStatus): Promise<void> {
    await store.apply(name, { type: "session.status", status });
  }

  return manager;
}
