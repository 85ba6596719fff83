/**
 * @module `@wa/store/postgres`: the PostgreSQL store, for several server instances sharing one
 * database. A subpath of its own, so SQLite users never load the driver.
 */
export { POSTGRES_MIGRATIONS, type PostgresMigration } from "./migrations.ts";
export {
  createPostgresStore,
  DEFAULT_PG_UNIT_ROWS,
  type PostgresStoreOptions,
} from "./store.ts";
