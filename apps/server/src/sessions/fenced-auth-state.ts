/**
 * @module Fencing of the credentials: an engine writes its auth state (Signal keys, creds) only
 * while its instance still drives the session. Once the session was stopped here, or its lease
 * lost, a former owner's late write (a key update still in flight while its socket closes) would
 * overwrite what the new owner's engine has written since and corrupt the session; it is dropped
 * instead. The check is local and needs no round trip: this instance stops holding a lease
 * (`SessionOwnership.holds`) a safety margin before another may take it. What it cannot cover is
 * a process frozen between the check and the database commit for longer than that margin.
 */
import type { AuthStateStore, EngineLogger } from "@wa/core";

/** The auth state with its writes dropped (and logged) once `mayWrite()` says no. */
export function fencedAuthState(
  state: AuthStateStore,
  mayWrite: () => boolean,
  logger: EngineLogger,
): AuthStateStore {
  const refused = (what: string) => {
    logger.warn({ what }, "auth state write of a session no longer driven here dropped (fencing)");
  };
  return {
    get: (key) => state.get(key),
    getMany: (keys) => state.getMany(keys),
    async setMany(entries) {
      if (!mayWrite()) return refused(`setMany(${entries.length})`);
      await state.setMany(entries);
    },
    async clear() {
      if (!mayWrite()) return refused("clear");
      await state.clear();
    },
  };
}
