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
import { createKeyedLock } from "./keyed-lock.ts";
import { createLiveSession, type LiveSession } from "./live-session.ts";
import { SessionOwnedElsewhere, type SessionOwner, type SessionOwnership } from "./ownership.ts";
import { DEFAULT_RESTORE_PACING, paceRestore, type RestorePacing } from "./restore.ts";
import { runSession } from "./runner.ts";
import { remoteView } from "./view.ts";
import { type SessionWaitOptions, waitForStatus } from "./wait.ts";

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

/**
 * Creates the session manager over a store and an engine registry. Lifecycle operations (create,
 * start, stop, restart, logout, update, remove) on one name run one at a time, in call order: a
 * delete and a concurrent restart never interleave, so whichever was called last decides (a
 * restart after a delete answers 404; a delete after a restart deletes the restarted session).
 */
export function createSessionManager(options: SessionManagerOptions) {
  const { store, ownership } = options;
  const lives = new Map<string, LiveSession>();
  const writes = new Map<string, Promise<void>>();
  /** Engines still stopping: the session starts here again only once its old engine is gone. */
  const stopping = new Map<string, Promise<void>>();
  const lifecycle = createKeyedLock();
  // Creates of different names count the existing sessions one at a time, so two of them never
  // both pass the last free place under WA_MAX_SESSIONS.
  const creates = createKeyedLock();
  const locked =
    <A extends unknown[], R>(operation: (name: string, ...rest: A) => Promise<R>) =>
    (name: string, ...rest: A): Promise<R> =>
      lifecycle.run(name, () => operation(name, ...rest));

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
    ...(ownership ? { drives: (name: string) => ownership.holds(name) } : {}),
    onStatus: (live: LiveSession) =>
      patchRecord(live.name, (record) => ({ ...record, status: live.status, me: live.me })),
  };

  // A lost lease means another instance may start the session any moment: stop driving it now,
  // leaving the record as it is (the session goes on running, elsewhere).
  ownership?.onLost((name) => void stopLive(name));

  const manager = {
    /** The live session, when running here. */
    live: (name: string): LiveSession | undefined => lives.get(name),

    /** This instance, when several share the database. */
    self: (): SessionOwner | null => ownership?.self ?? null,

    /**
     * A read-only view of a running session another instance drives (status from the database),
     * or of one whose owner died and is being taken over (`STARTING`, no owner). Undefined when
     * the session runs here, is not running, or there is one instance only.
     */
    async remote(name: string): Promise<LiveSession | undefined> {
      if (!ownership || lives.has(name)) return undefined;
      const record = await store.sessions.get(name);
      if (!record?.running) return undefined;
      const owner = (await ownership.owners([name])).get(name);
      if (owner?.instance === ownership.self.instance) return undefined;
      return remoteView(record, owner);
    },

    /**
     * What `/api/sessions` shows of each record: the live session here, or the view of the one
     * another instance drives, and (several instances only) the owner, null when none.
     */
    async views(records: readonly SessionRecord[]) {
      const owners = ownership ? await ownership.owners(records.map((r) => r.name)) : null;
      return records.map((record) => {
        const owner = owners?.get(record.name);
        const local = lives.get(record.name);
        const live =
          local ??
          (owners && owner?.instance !== ownership?.self.instance
            ? remoteView(record, owner)
            : undefined);
        return { record, live, owner: owners ? (owner ?? null) : undefined };
      });
    },

    /** The other instance driving the session, or null (it runs here, or nowhere). */
    async ownerElsewhere(name: string): Promise<SessionOwner | null> {
      if (!ownership || ownership.holds(name)) return null;
      const owner = (await ownership.owners([name])).get(name);
      return owner && owner.instance !== ownership.self.instance ? owner : null;
    },

    /** The owner of each session that has one (several instances only; empty otherwise). */
    owners: async (names: readonly string[]): Promise<Map<string, SessionOwner>> =>
      ownership ? ownership.owners(names) : new Map(),
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
      const name = input.name ? assertSessionName(input.name) : autoName();
      return lifecycle.run(name, async () => {
        await creates.run("", () => insertRecord(name, input));
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
      await engineLogout(name);
      await stopSession(name);
      await store.authState(name).clear();
      await patchRecord(name, (r) => ({ ...r, me: null }));
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
      await patchRecord(name, (r) => ({ ...r, engine, config: input.config ?? {} }));
      return wasRunning ? startLive(name) : manager.require(name);
    }),

    /** Unpairs, stops and deletes a session with its data; idempotent. */
    async remove(name: string): Promise<void> {
      assertSessionName(name);
      await lifecycle.run(name, async () => {
        if (!(await store.sessions.get(name))) return;
        await notDrivenElsewhere(name);
        await engineLogout(name);
        await stopLive(name);
        await (writes.get(name) ?? Promise.resolve());
        await store.sessions.delete(name);
        writes.delete(name);
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
      const records = (await store.sessions.list()).filter((record) => record.running);
      const queued = new Map<LiveSession, SessionRecord>();
      await eachClaimed(records, (record) => {
        const live = createLiveSession(record.name, record.me);
        lives.set(record.name, live);
        queued.set(live, record);
      });
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

  async function insertRecord(name: string, input: SessionCreateInput): Promise<void> {
    const exists = () =>
      new WaError("WA_SESSION_EXISTS", `Session '${name}' already exists. Use PUT to update it.`);
    // Checked first so an existing name is told as such, not as the session limit reached.
    if (await store.sessions.get(name)) throw exists();
    const limit = options.maxSessions ?? 0;
    if (limit > 0 && (await store.sessions.list()).length >= limit) {
      throw new WaError(
        "WA_SESSION_LIMIT",
        `The server already holds its maximum of ${limit} sessions (WA_MAX_SESSIONS); delete one or raise the limit.`,
        { details: { limit } },
      );
    }
    const engine = resolveEngineName(options.engines, input.engine ?? options.defaultEngine);
    const now = Date.now();
    // Insert-or-fail: another instance on the same database may create this name meanwhile.
    const created = await store.sessions.insert({
      ...{ name, engine, config: input.config ?? {}, status: "STOPPED", running: false },
      ...{ me: null, createdAt: now, updatedAt: now },
    });
    if (!created) throw exists();
  }

  /**
   * Calls `adopt` for each running record this instance may start: all of them with one instance
   * (at once, so all are STARTING together); with several, those nobody drives whose lease this
   * instance wins, in random order so that instances taking over a dead one's sessions together
   * share them. Each claim runs under the session's lifecycle lock, so a start or stop of the same
   * session here never interleaves with it.
   */
  async function eachClaimed(
    records: readonly SessionRecord[],
    adopt: (record: SessionRecord) => void,
  ): Promise<void> {
    const waiting = records.filter((record) => !lives.has(record.name));
    if (!ownership) return waiting.forEach(adopt);
    const owners = await ownership.owners(waiting.map((record) => record.name));
    const free = waiting.filter((record) => !owners.has(record.name));
    // The rest is left to the other instances; what none took is free again next round.
    let wanted = free.length > 0 ? await ownership.share(free.length) : 0;
    for (const { name } of shuffled(free)) {
      if (wanted <= 0) break;
      await lifecycle.run(name, async () => {
        // Stopped, deleted or started meanwhile: nothing to take over.
        const record = await store.sessions.get(name);
        if (!record?.running || lives.has(name)) return;
        await stopping.get(name);
        if (await ownership.claim(name)) {
          wanted -= 1;
          adopt(record);
        }
      });
    }
  }

  /** With several instances: a lifecycle change of a session another instance drives goes there. */
  async function notDrivenElsewhere(name: string): Promise<void> {
    const owner = await manager.ownerElsewhere(name);
    if (owner) throw new SessionOwnedElsewhere(name, owner);
  }

  /** With several instances: takes the session's lease, or names the instance that drives it. */
  async function claim(name: string): Promise<void> {
    if (!ownership || (await ownership.claim(name))) return;
    const owner = (await ownership.owners([name])).get(name);
    if (owner) throw new SessionOwnedElsewhere(name, owner);
    throw new WaError("WA_SERVER_BUSY", `Session '${name}' is changing owner; retry in a moment.`, {
      details: { session: name, retryAfterSeconds: 1 },
    });
  }

  async function startLive(name: string): Promise<SessionRecord> {
    const record = await manager.require(name);
    const running = lives.get(name);
    if (running && running.status !== "FAILED") return record;
    await stopping.get(name);
    await claim(name);
    // A FAILED engine is done for: drop it and start a fresh one (WAHA's start on FAILED).
    if (running) await stopLive(name);
    const live = createLiveSession(name, record.me);
    lives.set(name, live);
    await patchRecord(name, (r) => ({ ...r, running: true, status: "STARTING" }));
    await recordStatus(name, "STARTING");
    void runSession(deps, record, live);
    return manager.require(name);
  }

  async function stopSession(name: string): Promise<SessionRecord> {
    await manager.require(name);
    await notDrivenElsewhere(name);
    await stopLive(name);
    await patchRecord(name, (r) => ({ ...r, status: "STOPPED", running: false }));
    await recordStatus(name, "STOPPED");
    await ownership?.release(name);
    return manager.require(name);
  }

  async function stopLive(name: string): Promise<void> {
    const live = lives.get(name);
    if (!live) return;
    lives.delete(name);
    live.cancelled = true;
    const stopped = (async () => {
      await live.runtime?.stop().catch((error: unknown) => {
        options.logger.warn({ err: error, session: name }, "engine stop failed");
      });
    })();
    stopping.set(name, stopped);
    try {
      await stopped;
    } finally {
      if (stopping.get(name) === stopped) stopping.delete(name);
    }
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

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

function autoName(): string {
  return `session_${randomBytes(13).toString("hex")}`;
}
