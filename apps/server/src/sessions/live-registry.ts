/**
 * @module The sessions this instance runs, in memory: their live state, and the engines still
 * stopping (a session starts here again only once its old engine is gone).
 */
import type { EngineLogger, SessionMe } from "@wa/core";
import { createLiveSession, type LiveSession } from "./live-session.ts";

/** The live sessions of this instance. */
export type LiveRegistry = ReturnType<typeof createLiveRegistry>;

/** Creates an empty registry; `logger` hears of engines that failed to stop or log out. */
export function createLiveRegistry(logger: EngineLogger) {
  const lives = new Map<string, LiveSession>();
  const stopping = new Map<string, Promise<void>>();

  return {
    /** The live session, when running here. */
    get: (name: string): LiveSession | undefined => lives.get(name),
    has: (name: string): boolean => lives.has(name),
    names: (): string[] => [...lives.keys()],

    /** Runs a fresh live session (`STARTING`) under `name`. */
    add(name: string, me: SessionMe | null): LiveSession {
      const live = createLiveSession(name, me);
      lives.set(name, live);
      return live;
    },

    /** The stop of the session's previous engine while it is still in flight. */
    stopping: (name: string): Promise<void> | undefined => stopping.get(name),

    /** Drops the live session and stops its engine; resolves once the engine is gone. */
    async stop(name: string): Promise<void> {
      const live = lives.get(name);
      if (!live) return;
      lives.delete(name);
      live.cancelled = true;
      const stopped = (async () => {
        await live.runtime?.stop().catch((error: unknown) => {
          logger.warn({ err: error, session: name }, "engine stop failed");
        });
      })();
      stopping.set(name, stopped);
      try {
        await stopped;
      } finally {
        if (stopping.get(name) === stopped) stopping.delete(name);
      }
    },

    /** Unpairs the running engine, if any; a failure is only logged (the data goes anyway). */
    async logout(name: string): Promise<void> {
      const runtime = lives.get(name)?.runtime;
      if (!runtime || runtime.isStopped) return;
      await runtime
        .call(null, (engine) => engine.logout())
        .catch((error: unknown) => {
          logger.warn({ err: error, session: name }, "engine logout failed");
        });
    },
  };
}
