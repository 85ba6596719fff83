/**
 * @module Webhook delivery by the session's owner only. Every instance keeps dispatchers for every
 * session (a takeover must find them ready), but the outbox's `claim` hands out events without
 * locking them, so three instances delivered each event three times. Only the instance that holds
 * a session's lease claims its events: it is the one writing them, and after a takeover the new
 * owner's first write wakes its dispatchers, which resume from the stored cursor.
 */
import type { Store } from "@wa/store";
import type { SessionOwnership } from "../sessions/ownership.ts";

/** The store whose outbox claims nothing for sessions this instance does not drive. */
export function ownerDeliveringStore(store: Store, ownership: SessionOwnership): Store {
  const outbox = store.outbox;
  return {
    ...store,
    outbox: {
      ...outbox,
      claim: async (session, target, request) =>
        ownership.holds(session) ? outbox.claim(session, target, request) : [],
    },
  };
}
