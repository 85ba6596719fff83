/**
 * @module The store with every committed change announced to the other instances (see
 * changes.ts): a session's data after each `apply`, its record after each `put` or `delete`.
 */
import type { Store } from "@wa/store";
import type { ChangeKind } from "./changes.ts";

/** Wraps the store's writes to call `notify` once each has committed (never failing the write). */
export function notifyingStore(
  store: Store,
  notify: (session: string, kind: ChangeKind) => Promise<void>,
): Store {
  const sessions = store.sessions;
  return {
    ...store,
    async apply(session, events) {
      const result = await store.apply(session, events);
      void notify(session, "data");
      return result;
    },
    sessions: {
      ...sessions,
      async put(record) {
        await sessions.put(record);
        void notify(record.name, "session");
      },
      async delete(name) {
        await sessions.delete(name);
        void notify(name, "session");
      },
    },
  };
}
