/**
 * @module The instance registry: each server instance records its id and internal address (where
 * the others forward commands) with a heartbeat, so an instance can tell whom to call and whether
 * that one is still alive.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Sql } from "postgres";

/** One instance as the others see it. */
export interface InstanceInfo {
  /** Unique per process: a restarted server is a new instance. */
  instance: string;
  /** Base URL other instances forward commands to, e.g. `http://10.0.0.5:3000`. */
  address: string;
}

/** A fresh instance id: the host name (for people reading it) plus random bytes (for uniqueness). */
export function newInstanceId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(4).toString("hex")}`;
}

/** The registry's SQL. */
export function instanceRegistry(sql: Sql) {
  return {
    /** Records (or refreshes) an instance and its heartbeat. */
    async heartbeat(self: InstanceInfo): Promise<void> {
      await sql`
        INSERT INTO wa_cluster_instances (id, address) VALUES (${self.instance}, ${self.address})
        ON CONFLICT (id) DO UPDATE SET address = excluded.address, heartbeat_at = now()`;
    },

    /** The instance, or null when unknown. */
    async get(instance: string): Promise<InstanceInfo | null> {
      const [row] = await sql<{ id: string; address: string }[]>`
        SELECT id, address FROM wa_cluster_instances WHERE id = ${instance}`;
      return row ? { instance: row.id, address: row.address } : null;
    },

    /** How many instances sent a heartbeat in the last `withinMs`. */
    async alive(withinMs: number): Promise<number> {
      const [row] = await sql<{ count: string }[]>`
        SELECT count(*) AS count FROM wa_cluster_instances
        WHERE heartbeat_at >= now() - ${withinMs} * interval '1 millisecond'`;
      return Number(row?.count ?? 0);
    },

    /** Forgets an instance (on a clean shutdown) and instances silent for longer than `staleMs`. */
    async remove(instance: string, staleMs: number): Promise<void> {
      await sql`
        DELETE FROM wa_cluster_instances
        WHERE id = ${instance} OR heartbeat_at < now() - ${staleMs} * interval '1 millisecond'`;
    },
  };
}
