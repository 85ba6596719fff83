/**
 * @module Where each session runs, as the session manager sees it with several instances on one
 * database: the owner of a session, read-only views of the sessions other instances drive, the
 * refusal of a lifecycle change meant for another instance, and the claims by which this instance
 * starts a session or takes over a dead instance's. With one instance every answer is "here".
 */
import { type SessionRecord, WaError } from "@wa/core";
import type { Store } from "@wa/store";
import type { KeyedLock } from "./keyed-lock.ts";
import type { LiveRegistry } from "./live-registry.ts";
import type { LiveSession } from "./live-session.ts";
import { SessionOwnedElsewhere, type SessionOwner, type SessionOwnership } from "./ownership.ts";
import { remoteView } from "./view.ts";

/** What {@link createPlacement} works over. */
export interface PlacementOptions {
  store: Store;
  /** Absent with one instance. */
  ownership?: SessionOwnership;
  lives: LiveRegistry;
  /** The manager's per-session lifecycle lock, under which a takeover claims a session. */
  lifecycle: KeyedLock;
}

/** The session placement of this instance. */
export type Placement = ReturnType<typeof createPlacement>;

/** Creates the placement over the ownership port (if any) and this instance's live sessions. */
export function createPlacement({ store, ownership, lives, lifecycle }: PlacementOptions) {
  const placement = {
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

    /** With several instances: a lifecycle change of a session driven elsewhere goes there. */
    async notDrivenElsewhere(name: string): Promise<void> {
      const owner = await placement.ownerElsewhere(name);
      if (owner) throw new SessionOwnedElsewhere(name, owner);
    },

    /** With several instances: takes the session's lease, or names the instance that drives it. */
    async claim(name: string): Promise<void> {
      if (!ownership || (await ownership.claim(name))) return;
      const owner = (await ownership.owners([name])).get(name);
      if (owner) throw new SessionOwnedElsewhere(name, owner);
      throw new WaError(
        "WA_SERVER_BUSY",
        `Session '${name}' is changing owner; retry in a moment.`,
        { details: { session: name, retryAfterSeconds: 1 } },
      );
    },

    /**
     * Calls `adopt` for each running record this instance may start: all of them with one
     * instance (at once, so all are STARTING together); with several, those nobody drives whose
     * lease this instance wins, in random order so that instances taking over a dead one's
     * sessions together share them. Each claim runs under the session's lifecycle lock, so a
     * start or stop of the same session here never interleaves with it.
     */
    async eachClaimed(
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
          await lives.stopping(name);
          if (await ownership.claim(name)) {
            wanted -= 1;
            adopt(record);
          }
        });
      }
    },
  };
  return placement;
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
