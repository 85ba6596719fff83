/**
 * @module Opens the store the configuration names: PostgreSQL when `WA_DATABASE_URL` is set
 * (the driver is loaded only then), else the SQLite file in the data directory.
 */
import { isWaError, WaError } from "@wa/core";
import { createSqliteStore, type Store } from "@wa/store";

/** Where the store lives. */
export type StoreLocation = { kind: "postgres"; url: string } | { kind: "sqlite"; file: string };

/** Opens (and migrates) the store; a PostgreSQL that cannot be reached stops start-up. */
export async function openStore(location: StoreLocation): Promise<Store> {
  if (location.kind === "sqlite") return createSqliteStore({ file: location.file });
  const { createPostgresStore } = await import("@wa/store/postgres");
  try {
    return await createPostgresStore({ url: location.url });
  } catch (error) {
    const reason = isWaError(error) || error instanceof Error ? error.message : String(error);
    throw new WaError(
      "WA_STORE_FAILURE",
      `Could not open the PostgreSQL store at ${redactDatabaseUrl(location.url)}: ${reason}`,
      { cause: error },
    );
  }
}

/** Where the store lives, for the start-up line: a database URL without its password. */
export function describeStore(location: StoreLocation): string {
  return location.kind === "postgres"
    ? `PostgreSQL at ${redactDatabaseUrl(location.url)}`
    : `SQLite ${location.file}`;
}

/** The URL with its password replaced by `***` (URLs are logged; passwords never are). */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    for (const key of [...parsed.searchParams.keys()]) {
      if (/pass/i.test(key)) parsed.searchParams.set(key, "***");
    }
    return parsed.toString();
  } catch {
    return "(an unparsable URL)";
  }
}
