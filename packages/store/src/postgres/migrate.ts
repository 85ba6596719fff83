/**
 * @module Brings a schema to the newest version. Several instances may start at once: a
 * session-level advisory lock (keyed by the schema) lets one migrate while the others wait, then
 * find nothing left to do.
 */
import { WaError } from "@wa/core";
import type postgres from "postgres";
import { POSTGRES_MIGRATIONS, type PostgresMigration } from "./migrations.ts";
import { queryOf } from "./sql.ts";

/** Migrates the schema (created when missing); returns the versions it applied. */
export async function migrate(
  pool: postgres.Sql,
  schema: string,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS,
): Promise<number[]> {
  // One connection for lock, migrations and unlock: advisory locks belong to a connection.
  const connection = await pool.reserve();
  const query = queryOf(connection);
  const lockKey = `wa-store migrate ${schema}`;
  try {
    await query("SELECT pg_advisory_lock(hashtext($1))", [lockKey]);
    await query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    await query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER NOT NULL PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at BIGINT NOT NULL
    )`);
    const applied = new Set(
      (await query("SELECT version FROM schema_migrations")).map((row) => Number(row.version)),
    );
    const newest = Math.max(0, ...migrations.map((migration) => migration.version));
    const unknown = [...applied].filter((version) => version > newest);
    if (unknown.length > 0) {
      // A newer build wrote this schema: refusing is safer than reading a schema we do not know.
      throw new WaError(
        "WA_STORE_FAILURE",
        `The database has schema version ${Math.max(...unknown)}, newer than this build (${newest}).`,
      );
    }
    const done: number[] = [];
    const pending = [...migrations]
      .sort((a, b) => a.version - b.version)
      .filter((migration) => !applied.has(migration.version));
    for (const migration of pending) {
      await query("BEGIN");
      try {
        for (const statement of migration.statements) await query(statement);
        await query(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
          [migration.version, migration.name, Date.now()],
        );
        await query("COMMIT");
      } catch (error) {
        await query("ROLLBACK").catch(() => undefined);
        throw error;
      }
      done.push(migration.version);
    }
    return done;
  } finally {
    await query("SELECT pg_advisory_unlock(hashtext($1))", [lockKey]).catch(() => undefined);
    connection.release();
  }
}

/** A schema name as a quoted identifier (the name comes from configuration, never from a request). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
