/**
 * @module The store's footprint while open: the SQLite database file plus its write-ahead log, or
 * a PostgreSQL schema's tables with their indexes.
 */
import { statSync } from "node:fs";
import postgres from "postgres";

/** The bytes of the SQLite file `file` and its `-wal`; missing files count 0. */
export function sqliteBytes(file: string): number {
  return [file, `${file}-wal`].reduce((sum, path) => {
    try {
      return sum + statSync(path).size;
    } catch {
      return sum;
    }
  }, 0);
}

/** The bytes of a PostgreSQL schema's tables with their indexes. */
export async function schemaBytes(url: string, schema: string): Promise<number> {
  const sql = postgres(url, { onnotice: false });
  try {
    const [row] = await sql`SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::float8 AS bytes
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ${schema} AND c.relkind = 'r'`;
    return Number(row?.bytes ?? 0);
  } finally {
    await sql.end();
  }
}
