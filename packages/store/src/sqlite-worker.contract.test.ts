/**
 * @module Store contract cases on the SQLite store with every `apply()` written by the ingest
 * worker (`offloadRows: 0`), each store on its own temp file: the write path through the worker
 * keeps what the main-thread one keeps (rows, counts, outbox events, durability over a reopen).
 * The groups that write most; the whole suite runs on the main-thread path in
 * `sqlite.contract.test.ts` (a worker started from the sources costs ~0.3 s per store).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe } from "vitest";
import { eventsCases } from "./contract/events.case.ts";
import type { CreateStore } from "./contract/harness.ts";
import { messagesCases } from "./contract/messages.case.ts";
import { outboxCases } from "./contract/outbox.case.ts";
import { persistenceCases } from "./contract/persistence.case.ts";
import { createSqliteStore } from "./sqlite/store.ts";

const dir = mkdtempSync(join(tmpdir(), "wa-store-worker-contract-"));
let files = 0;
const newLocation = () => join(dir, `store-${++files}.sqlite3`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const createStore: CreateStore = (location) =>
  createSqliteStore({ file: location ?? newLocation(), offloadRows: 0 });

describe("store contract: sqlite, every apply() through the ingest worker", () => {
  describe("messages", () => messagesCases(createStore));
  describe("events", () => eventsCases(createStore));
  describe("outbox", () => outboxCases(createStore));
  describe("persistence", () => persistenceCases(createStore, { newLocation }));
});
