/**
 * @module Session leases in PostgreSQL: one row per session naming its owner instance, until when
 * the lease holds (database time) and a fencing token that grows on every change of owner. Every
 * change is one compare-and-set statement (never a read then a write), so two instances can never
 * both believe they won the same lease.
 */
import type { Sql } from "postgres";
import type { InstanceInfo } from "./instances.ts";

/** A held lease. */
export interface Lease {
  session: string;
  /** Grows on every takeover; a write carrying an older token is a former owner's. */
  token: number;
}

/** Who holds a session's lease right now (a lapsed lease is no owner). */
export interface LeaseOwner extends InstanceInfo {
  token: number;
}

/** The lease SQL, for one owner. */
export function sessionLeases(sql: Sql) {
  const ttl = (ms: number) => sql`now() + ${ms} * interval '1 millisecond'`;
  return {
    /**
     * Takes the lease when it is free, lapsed, or already ours (then it is extended and keeps its
     * token). Returns it, or null when another instance holds it.
     */
    async acquire(session: string, owner: string, ttlMs: number): Promise<Lease | null> {
      const rows = await sql<{ token: string }[]>`
        INSERT INTO wa_session_leases AS l (session, owner, token, expires_at)
        VALUES (${session}, ${owner}, 1, ${ttl(ttlMs)})
        ON CONFLICT (session) DO UPDATE SET
          owner = excluded.owner,
          token = CASE WHEN l.owner = excluded.owner THEN l.token ELSE l.token + 1 END,
          expires_at = excluded.expires_at
        WHERE l.owner = excluded.owner OR l.expires_at < now()
        RETURNING token`;
      const row = rows[0];
      return row ? { session, token: Number(row.token) } : null;
    },

    /** Extends every lease `owner` still holds; returns them (a lease taken over is missing). */
    async renewAll(owner: string, ttlMs: number): Promise<Lease[]> {
      const rows = await sql<{ session: string; token: string }[]>`
        UPDATE wa_session_leases SET expires_at = ${ttl(ttlMs)}
        WHERE owner = ${owner} AND expires_at >= now()
        RETURNING session, token`;
      return rows.map((row) => ({ session: row.session, token: Number(row.token) }));
    },

    /** Gives a lease up (stop, delete); only the owner's own lease goes. */
    async release(session: string, owner: string): Promise<void> {
      await sql`DELETE FROM wa_session_leases WHERE session = ${session} AND owner = ${owner}`;
    },

    /** Gives up every lease of `owner` (clean shutdown), so others take them at once. */
    async releaseAll(owner: string): Promise<void> {
      await sql`DELETE FROM wa_session_leases WHERE owner = ${owner}`;
    },

    /** The current owner of each given session that has one (lapsed leases have none). */
    async owners(sessions: readonly string[]): Promise<Map<string, LeaseOwner>> {
      if (sessions.length === 0) return new Map();
      const rows = await sql<{ session: string; owner: string; token: string; address: string }[]>`
        SELECT l.session, l.owner, l.token, coalesce(i.address, '') AS address
        FROM wa_session_leases l LEFT JOIN wa_cluster_instances i ON i.id = l.owner
        WHERE l.session = ANY(${sessions as string[]}) AND l.expires_at >= now()`;
      return new Map(
        rows.map((row) => [
          row.session,
          { instance: row.owner, address: row.address, token: Number(row.token) },
        ]),
      );
    },

    /** Whether `token` is still the current token of the session's lease (the fencing check). */
    async isCurrent(session: string, token: number): Promise<boolean> {
      const rows = await sql`
        SELECT 1 FROM wa_session_leases
        WHERE session = ${session} AND token = ${token} AND expires_at >= now()`;
      return rows.length > 0;
    },
  };
}

/** The lease SQL. */
export type SessionLeases = ReturnType<typeof sessionLeases>;
