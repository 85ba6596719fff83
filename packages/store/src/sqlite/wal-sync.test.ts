/** @module Writes resolve only after the WAL fsync; the fsync tolerates a missing WAL file. */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { history, message } from "../contract/fixtures.ts";
import { createSqliteStore } from "./store.ts";
import { createWalSync } from "./wal-sync.ts";

const dir = mkdtempSync(join(tmpdir(), "wa-store-wal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("WAL fsync", () => {
  it("a write resolves only once its commits are synced, and a read sees them meanwhile", async () => {
    let release = () => {};
    let syncs = 0;
    const store = createSqliteStore({
      file: join(dir, "held.sqlite3"),
      syncWal: () => {
        syncs++;
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    });
    let resolved = false;
    const write = store.apply("s1", history({ messages: [message("1@c.us", "A", 1)] })).then(() => {
      resolved = true;
    });
    while (syncs === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(resolved).toBe(false);
    // Committed, not yet resolved: reads are served during the fsync.
    expect(await store.counts("s1")).toMatchObject({ messages: 1 });
    release();
    await write;
    expect(resolved).toBe(true);
    await store.close();
  });

  it("syncs a real WAL file, and a missing one is nothing to sync", async () => {
    const file = join(dir, "real.sqlite3");
    const missing = createWalSync(join(dir, "never.sqlite3"));
    await expect(missing()).resolves.toBeUndefined();
    await missing.close();
    const store = createSqliteStore({ file });
    await store.apply("s1", history({ messages: [message("1@c.us", "A", 1)] }));
    expect(existsSync(`${file}-wal`)).toBe(true);
    const sync = createWalSync(file);
    await expect(sync()).resolves.toBeUndefined();
    await sync.close();
    await store.close();
  });
});
