/**
 * @module The cluster's own tables (instances, session leases, webhook delivery holds), created
 * at start under an advisory lock so that instances starting together do not race on `CREATE
 * TABLE`. They hold no session data (that is the store's); dropping them only makes every instance
 * claim its leases and holds again.
 */
import type { Sql } from "postgres";

/** Arbitrary constant: the advisory lock key of the cluster schema. */
const SCHEMA_LOCK = 7_264_104_312;

/** Creates the cluster tables when missing. Safe to call from several instances at once. */
export async function ensureClusterSchema(sql: Sql): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK})`;
    // Times are the database's own clock (timestamptz), so instance clocks never have to agree.
    await tx`
      CREATE TABLE IF NOT EXISTS wa_cluster_instances (
        id text PRIMARY KEY,
        address text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        heartbeat_at timestamptz NOT NULL DEFAULT now()
      )`;
    // token grows on every change of owner: a write carrying an older token is a former owner's.
    await tx`
      CREATE TABLE IF NOT EXISTS wa_session_leases (
        session text PRIMARY KEY,
        owner text NOT NULL,
        token bigint NOT NULL,
        expires_at timestamptz NOT NULL
      )`;
    await tx`CREATE INDEX IF NOT EXISTS wa_session_leases_owner ON wa_session_leases (owner)`;
    // Which instance sends a webhook target's events of a session (events/delivery-holds.ts).
    await tx`
      CREATE TABLE IF NOT EXISTS wa_delivery_holds (
        session text NOT NULL,
        target text NOT NULL,
        holder text NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (session, target)
      )`;
  });
}
