/**
 * @module Keeps this instance's session leases: renews them all in one statement every `renewMs`
 * and gives a session up the moment its lease may be lapsing. The local deadline of a lease is
 * the moment its last successful renewal was *sent* plus the TTL minus a safety margin: the
 * database set `expires_at` from a clock reading taken after that moment, so the local deadline
 * always comes at least `marginMs` before anyone else can take the lease over. A watchdog timer
 * checks the deadlines whatever the database does (a partitioned owner's queries may hang for
 * minutes), so an owner cut off from the database has stopped driving its sessions (the
 * `onLost` callback stops the engine) before another instance can start them.
 */
import type { EngineLogger } from "@wa/core";
import type { Lease, SessionLeases } from "./leases.ts";

/** Lease timings. */
export interface LeaseTimings {
  /** How long a lease holds after each renewal (database time). */
  ttlMs: number;
  /** How often the leases are renewed. */
  renewMs: number;
  /** How long before the lease can lapse this instance gives it up (time to stop an engine). */
  marginMs: number;
}

/**
 * The defaults: a dead owner's sessions are free 8 s after its last renewal at most, and a cut-off
 * owner stops them 5 s after its last successful renewal, 3 s before anyone may take them.
 */
export const DEFAULT_LEASE_TIMINGS: LeaseTimings = { ttlMs: 8000, renewMs: 1500, marginMs: 3000 };

/** Timings in the defaults' proportions for a lease of `ttlMs` (`WA_LEASE_TTL_MS`). */
export function leaseTimings(ttlMs: number): LeaseTimings {
  return { ttlMs, renewMs: Math.round((ttlMs * 3) / 16), marginMs: Math.round((ttlMs * 3) / 8) };
}

/** Options of {@link createLeaseKeeper}. */
export interface LeaseKeeperOptions {
  leases: SessionLeases;
  /** This instance's id. */
  owner: string;
  timings: LeaseTimings;
  logger: EngineLogger;
  /** Called once when a held lease is lost (taken over, or lapsing): stop driving the session. */
  onLost(session: string): void;
}

/** The lease keeper of one instance. */
export type LeaseKeeper = ReturnType<typeof createLeaseKeeper>;

/** Starts the keeper (its timers are unref'd); `close()` stops them. */
export function createLeaseKeeper(options: LeaseKeeperOptions) {
  const { leases, owner, timings, logger } = options;
  /** Session → its token and local deadline (performance.now() ms). */
  const held = new Map<string, { token: number; validUntil: number }>();
  const deadline = (sentAt: number) => sentAt + timings.ttlMs - timings.marginMs;
  let renewing = false;
  let closed = false;

  const lose = (session: string, why: string) => {
    if (!held.delete(session)) return;
    logger.warn({ session, why }, "session lease lost: stopping the session here");
    options.onLost(session);
  };

  const renew = async () => {
    if (renewing || closed || held.size === 0) return;
    renewing = true;
    const sentAt = performance.now();
    try {
      const renewed = new Map(
        (await leases.renewAll(owner, timings.ttlMs)).map((lease) => [lease.session, lease]),
      );
      for (const [session, entry] of held) {
        const lease = renewed.get(session);
        // Claimed after this renewal was sent: its own acquire set its deadline.
        if (!lease && entry.validUntil > deadline(sentAt)) continue;
        if (!lease || lease.token !== entry.token) lose(session, "taken over");
        else entry.validUntil = Math.max(entry.validUntil, deadline(sentAt));
      }
    } catch (error) {
      logger.warn({ err: error }, "session lease renewal failed");
    } finally {
      renewing = false;
    }
  };

  const watchdog = () => {
    const now = performance.now();
    for (const [session, entry] of held) {
      if (now >= entry.validUntil) lose(session, "not renewed in time");
    }
  };

  const renewTimer = setInterval(() => void renew(), timings.renewMs);
  const watchdogTimer = setInterval(watchdog, Math.min(250, timings.marginMs / 4));
  renewTimer.unref();
  watchdogTimer.unref();

  return {
    /** Takes (or extends) the session's lease; false when another instance holds it. */
    async claim(session: string): Promise<Lease | null> {
      const sentAt = performance.now();
      const lease = await leases.acquire(session, owner, timings.ttlMs);
      if (!lease) return null;
      held.set(session, { token: lease.token, validUntil: deadline(sentAt) });
      return lease;
    },

    /** Whether this instance holds the session's lease (and it is not about to lapse). */
    holds(session: string): boolean {
      const entry = held.get(session);
      return entry !== undefined && performance.now() < entry.validUntil;
    },

    /** The fencing token of a held lease, or null. */
    token(session: string): number | null {
      return this.holds(session) ? (held.get(session)?.token ?? null) : null;
    },

    /** The sessions held now. */
    sessions: (): string[] => [...held.keys()],

    /** Gives the session's lease up (after stopping it), so another instance may start it at once. */
    async release(session: string): Promise<void> {
      held.delete(session);
      await leases.release(session, owner);
    },

    /** Stops the timers; with `releaseAll` also gives every lease up (a clean shutdown). */
    async close(releaseAll: boolean): Promise<void> {
      closed = true;
      clearInterval(renewTimer);
      clearInterval(watchdogTimer);
      held.clear();
      if (releaseAll) await leases.releaseAll(owner);
    },

    /** Runs one renewal now (tests). */
    renewNow: renew,
  };
}
