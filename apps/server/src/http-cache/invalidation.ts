/**
 * @module What drops a session's cached responses: every store write of the session (events
 * applied by its engine or anyone holding `ctx.store`, the session's deletion), every lifecycle
 * change (start, stop, logout, update, delete) and every change of one of its chat pictures. A
 * write of events that change some chats only drops the session-wide responses and those
 * chats' (see touched-chats.ts); the other chats' message pages stay cached.
 */
import type { DomainEvent } from "@wa/core";
import type { Store } from "@wa/store";
import type { SessionManager } from "../sessions/manager.ts";
import type { ResponseCache } from "./response-cache.ts";
import { chatsTouchedBy } from "./touched-chats.ts";

/**
 * The store with its writes wrapped: while one is in flight nothing it may change is cached,
 * and once it resolves (before the engine's `emit` returns, so before any command's HTTP answer)
 * those entries are gone. Wrapping the store rather than listening on the event bus also
 * covers writes that are not engine events.
 */
export function invalidatingStore(store: Store, cache: ResponseCache): Store {
  const sessions = store.sessions;
  const writing =
    <A extends unknown[], R>(run: (session: string, ...rest: A) => Promise<R>) =>
    async (session: string, ...rest: A): Promise<R> => {
      const end = cache.beginWrite(session);
      try {
        return await run(session, ...rest);
      } finally {
        end();
      }
    };
  return {
    ...store,
    async apply(session, events) {
      const list: readonly DomainEvent[] = Array.isArray(events) ? events : [events];
      const end = cache.beginWrite(session, chatsTouchedBy(list));
      try {
        return await store.apply(session, events);
      } finally {
        end();
      }
    },
    sessions: { ...sessions, delete: writing(sessions.delete) },
  };
}

/** The session manager with the session's entries dropped after every lifecycle action. */
export function invalidatingSessions(
  sessions: SessionManager,
  cache: Pick<ResponseCache, "invalidate">,
) {
  const after =
    <A extends unknown[], R>(run: (name: string, ...rest: A) => Promise<R>) =>
    async (name: string, ...rest: A): Promise<R> => {
      try {
        return await run(name, ...rest);
      } finally {
        cache.invalidate(name);
      }
    };
  return {
    ...sessions,
    start: after(sessions.start),
    stop: after(sessions.stop),
    restart: after(sessions.restart),
    logout: after(sessions.logout),
    update: after(sessions.update),
    remove: after(sessions.remove),
  } satisfies SessionManager;
}
