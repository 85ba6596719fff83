/**
 * @module The store with every `apply` published on the bus once committed: whoever writes (an
 * engine through the runner, the session manager's status changes), dispatchers wake and the
 * WebSocket forwards, and nothing is published for a write that failed.
 */
import type { DomainEvent } from "@wa/core";
import type { Store } from "@wa/store";
import type { EventBus } from "../sessions/event-bus.ts";

/** Wraps `store.apply` to publish each committed write. */
export function publishingStore(store: Store, bus: EventBus): Store {
  return {
    ...store,
    async apply(session, events) {
      const result = await store.apply(session, events);
      const list: readonly DomainEvent[] = Array.isArray(events) ? events : [events as DomainEvent];
      bus.publish({ session, events: list, committed: result.events, timestamp: Date.now() });
      return result;
    },
  };
}
