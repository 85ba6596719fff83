/**
 * @module One instance's membership of a cluster of servers sharing a PostgreSQL database: its
 * identity and heartbeat in the registry, the lease keeper (which sessions it drives), the change
 * channel (LISTEN/NOTIFY) and the takeover loop, which starts the sessions a dead instance drove
 * once their leases lapse. `close()` gives every lease up so the others take the sessions at once.
 */
import type { EngineLogger } from "@wa/core";
import postgres, { type Sql } from "postgres";
import type { DeliveryHolds } from "../events/delivery-holds.ts";
import type { SessionOwner, SessionOwnership } from "../sessions/ownership.ts";
import { type ChangeChannel, createChangeChannel } from "./changes.ts";
import { deliveryHolds } from "./delivery-holds.ts";
import { instanceRegistry, newInstanceId } from "./instances.ts";
import { createLeaseKeeper, DEFAULT_LEASE_TIMINGS, type LeaseTimings } from "./lease-keeper.ts";
import { sessionLeases } from "./leases.ts";
import { ensureClusterSchema } from "./schema.ts";

/** Options of {@link joinCluster}. */
export interface ClusterOptions {
  /** `postgres://…` of the shared database (`WA_DATABASE_URL`). */
  databaseUrl: string;
  /** This instance's internal base URL (`WA_INSTANCE_ADDRESS`). */
  address: string;
  logger: EngineLogger;
  /** @default {@link DEFAULT_LEASE_TIMINGS} */
  timings?: Partial<LeaseTimings>;
  /** How often the sessions nobody drives are looked for. @default 1000 ms */
  takeoverMs?: number;
}

/** This instance's membership. */
export interface Cluster {
  readonly self: SessionOwner;
  readonly ownership: SessionOwnership;
  readonly changes: ChangeChannel;
  /** Who sends which session's webhook events (one instance per session and target). */
  readonly deliveryHolds: DeliveryHolds;
  /** Records this instance's address anew (once listening on a port chosen by the system). */
  setAddress(address: string): Promise<void>;
  /** Runs `takeOver` (the manager's restore) every `takeoverMs`, one run at a time. */
  startTakeover(takeOver: () => Promise<void>): void;
  /**
   * Stops the timers, gives every lease up (after the sessions stopped) and disconnects. With
   * `release: false` the leases are left to lapse, as when the process dies (tests).
   */
  close(options?: { release?: boolean }): Promise<void>;
}

/** An instance silent this long is dropped from the registry by the next one starting. */
const STALE_INSTANCE_MS = 24 * 60 * 60 * 1000;

/** Joins the cluster: creates its tables when missing, registers this instance, starts renewing. */
export async function joinCluster(options: ClusterOptions): Promise<Cluster> {
  const { logger } = options;
  const timings = { ...DEFAULT_LEASE_TIMINGS, ...options.timings };
  // Short timeouts: a lease renewal stuck on a dead connection must fail, not wait for TCP.
  const sql: Sql = postgres(options.databaseUrl, {
    max: 4,
    connect_timeout: Math.max(1, Math.floor(timings.marginMs / 1000)),
    idle_timeout: 60,
    onnotice: () => undefined,
  });
  await ensureClusterSchema(sql);
  const self: SessionOwner = { instance: newInstanceId(), address: options.address };
  const registry = instanceRegistry(sql);
  await registry.remove(self.instance, STALE_INSTANCE_MS);
  await registry.heartbeat(self);
  const leases = sessionLeases(sql);
  const lostListeners = new Set<(name: string) => void>();
  const keeper = createLeaseKeeper({
    leases,
    owner: self.instance,
    timings,
    logger,
    onLost: (name) => {
      for (const listener of lostListeners) listener(name);
    },
  });
  const changes = await createChangeChannel({ sql, self: self.instance, logger });
  const heartbeat = setInterval(() => {
    registry.heartbeat(self).catch((error: unknown) => {
      logger.warn({ err: error }, "instance heartbeat failed");
    });
  }, timings.renewMs);
  heartbeat.unref();
  let takeoverTimer: NodeJS.Timeout | undefined;

  const ownership: SessionOwnership = {
    self,
    claim: async (name) => (await keeper.claim(name)) !== null,
    release: (name) => keeper.release(name),
    holds: (name) => keeper.holds(name),
    owners: async (names) => {
      const owners = await leases.owners(names);
      // A lease of ours about to lapse is no longer driven here (the watchdog is stopping it).
      for (const [name, owner] of owners) {
        if (owner.instance === self.instance && !keeper.holds(name)) owners.delete(name);
      }
      return new Map(
        [...owners].map(([name, o]) => [name, { instance: o.instance, address: o.address }]),
      );
    },
    // Live: a heartbeat within half a lease (a dead instance's leases lapse a whole lease after its
    // last heartbeat, so by then it no longer counts).
    share: async (free) => {
      const alive = Math.max(1, await registry.alive(timings.ttlMs / 2));
      return Math.ceil(free / alive);
    },
    onLost: (listener) => {
      lostListeners.add(listener);
    },
  };

  return {
    self,
    ownership,
    changes,
    // A hold given back wakes the other instances' dispatchers of the session (a change notice).
    deliveryHolds: deliveryHolds(sql, self.instance, timings, (session) => {
      void changes.notify(session, "data");
    }),
    async setAddress(address) {
      self.address = address;
      await registry.heartbeat(self);
    },
    startTakeover(takeOver) {
      let running = false;
      takeoverTimer = setInterval(() => {
        if (running) return;
        running = true;
        takeOver()
          .catch((error: unknown) => logger.warn({ err: error }, "session takeover failed"))
          .finally(() => {
            running = false;
          });
      }, options.takeoverMs ?? 1000);
      takeoverTimer.unref();
    },
    async close({ release = true } = {}) {
      clearInterval(heartbeat);
      clearInterval(takeoverTimer);
      await keeper.close(release).catch((error: unknown) => {
        logger.warn({ err: error }, "releasing the session leases failed (they lapse)");
      });
      await registry.remove(self.instance, STALE_INSTANCE_MS).catch(() => undefined);
      await changes.close();
      await sql.end({ timeout: 5 });
    },
  };
}
