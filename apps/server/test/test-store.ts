/**
 * @module The store a test app runs on: SQLite `:memory:` by default, or, when a PostgreSQL
 * cluster is named (`WA_TEST_DATABASE_URL`, or the URL the `@wa/server (postgres)` project's
 * global setup provides), a fresh database of that cluster per app, dropped again at close.
 */
import { createSqliteStore, type Store } from "@wa/store";
import { createPostgresStore } from "@wa/store/postgres";
import postgres from "postgres";
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** The URL of the throwaway cluster's `postgres` database (see vitest.pg.config.ts). */
    waTestDatabaseUrl?: string;
  }
}

/** A test app's store and how to get rid of it. */
export interface TestStore {
  store: Store;
  /** Closes the store (and drops its database on PostgreSQL). */
  close(): Promise<void>;
}

/** The cluster the tests run on, or `undefined` for SQLite. */
export function testDatabaseUrl(): string | undefined {
  return process.env.WA_TEST_DATABASE_URL || inject("waTestDatabaseUrl") || undefined;
}

/** Opens a store of its own for one test app. */
export async function openTestStore(): Promise<TestStore> {
  const url = testDatabaseUrl();
  if (!url) {
    const store = createSqliteStore({ file: ":memory:" });
    return { store, close: () => store.close() };
  }
  return openPostgresTestStore(url);
}

// --- internal ---

/** The migrated database every test database is copied from (faster than migrating each). */
const TEMPLATE = "wa_test_template";

let admin: postgres.Sql | undefined;
let template: Promise<void> | undefined;
let databases = 0;

/**
 * A database per app, not a schema: the store's session write lock is an advisory lock keyed by
 * the session's name, and advisory locks are per database, so apps in parallel test files (all
 * with a `default` session) would otherwise wait on each other's writes.
 */
async function openPostgresTestStore(url: string): Promise<TestStore> {
  const sql = adminConnection(url);
  template ??= migrateTemplate(url, sql);
  await template;
  // The name is made here, from the worker's pid and a counter; never from a request.
  const name = `wa_test_${process.pid}_${++databases}`;
  await sql.unsafe(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`);
  const store = await createPostgresStore({ url: databaseUrl(url, name), maxConnections: 4 });
  return {
    store,
    close: async () => {
      await store.close();
      // FORCE: a connection the store's pool has not finished closing must not keep it alive.
      await sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/**
 * Creates and migrates the template once per cluster: the workers start together, so the first
 * takes an advisory lock and the others find the template made when they get it.
 */
async function migrateTemplate(url: string, sql: postgres.Sql): Promise<void> {
  const connection = await sql.reserve();
  try {
    await connection`SELECT pg_advisory_lock(hashtext(${TEMPLATE}))`;
    const [found] = await connection`SELECT 1 FROM pg_database WHERE datname = ${TEMPLATE}`;
    if (!found) {
      await connection.unsafe(`CREATE DATABASE ${TEMPLATE}`);
      // Opening the store migrates it; closing ends every connection (a template must have none).
      await (await createPostgresStore({ url: databaseUrl(url, TEMPLATE) })).close();
    }
  } finally {
    await connection`SELECT pg_advisory_unlock(hashtext(${TEMPLATE}))`.catch(() => undefined);
    connection.release();
  }
}

function databaseUrl(clusterUrl: string, database: string): string {
  const url = new URL(clusterUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** One connection per worker for CREATE/DROP DATABASE; it closes itself when idle. */
function adminConnection(url: string): postgres.Sql {
  admin ??= postgres(url, { max: 1, idle_timeout: 2, onnotice: () => undefined });
  return admin;
}
