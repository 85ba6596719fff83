/** @module Opens the SQLite file: default location, directory creation, pragmas, migrations. */
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { migrate } from "./migrate.ts";

/** The default database file: `${WA_DATA_DIR ?? "./.sessions"}/wa.sqlite3`. */
export function defaultStoreFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.WA_DATA_DIR ?? "./.sessions", "wa.sqlite3");
}

/** Opens (creating when needed) and migrates a database; `":memory:"` for tests. */
export function openDatabase(file: string): Database.Database {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  // NORMAL: a commit writes the WAL without fsync; the store fsyncs the WAL file off the event
  // loop before a write resolves (wal-sync.ts), so a write is durable (power loss included) when
  // its promise resolves, as the Store contract promises, without blocking reads meanwhile.
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = OFF");
  // Larger page cache (64 MiB) keeps the hot index pages of big chats in memory.
  db.pragma("cache_size = -65536");
  db.pragma("temp_store = MEMORY");
  migrate(db);
  return db;
}
