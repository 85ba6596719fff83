/** @module The store contract suite on the SQLite store (in memory, and a temp file for reopening). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { runStoreContract } from "./contract/index.ts";
import { createSqliteStore } from "./sqlite/store.ts";

const dir = mkdtempSync(join(tmpdir(), "wa-store-contract-"));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runStoreContract("sqlite", (location) => createSqliteStore({ file: location ?? ":memory:" }), {
  newLocation: () => join(dir, `store-${++files}.sqlite3`),
});
