/** @module The ingest worker's checkpoint thread: the pages reach the database file, the WAL restarts. */
import { copyFileSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { startCheckpointer } from "./checkpointer.ts";
import { openDatabase } from "./open.ts";

const dir = mkdtempSync(join(tmpdir(), "wa-store-checkpoint-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `rows` rows in one transaction the way the ingest worker does around its commits. */
function writeTransaction(
  db: Database.Database,
  checkpoints: ReturnType<typeof startCheckpointer>,
  from: number,
  rows: number,
) {
  checkpoints.beforeBegin();
  const insert = db.prepare("INSERT INTO lid_map (session, lid, pn) VALUES ('s1', ?, ?)");
  db.transaction(() => {
    for (let n = from; n < from + rows; n++) insert.run(`${n}@lid`, `${"x".repeat(200)}${n}`);
  })();
  checkpoints.committed(rows);
}

describe("the checkpoint thread", () => {
  it("copies the worker's commits into the database file while the worker's own commits do not", async () => {
    const file = join(dir, "copied.sqlite3");
    const db = openDatabase(file);
    const checkpoints = startCheckpointer(db, file, { requestRows: 100, maxBehind: 1 });
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    for (let n = 0; n < 5; n++) writeTransaction(db, checkpoints, n * 1_000, 1_000);
    // One request pending at most: this waits until the thread has copied every commit.
    checkpoints.beforeBegin();
    // The database file alone (no WAL beside it) holds every row.
    const copy = join(dir, "copy.sqlite3");
    copyFileSync(file, copy);
    const alone = new Database(copy, { readonly: true });
    expect(alone.prepare("SELECT COUNT(*) FROM lid_map").pluck().get()).toBe(5_000);
    alone.close();
    await checkpoints.close();
    db.close();
  });

  it("keeps the WAL bounded: it restarts once the thread has caught up", async () => {
    const file = join(dir, "bounded.sqlite3");
    const db = openDatabase(file);
    const checkpoints = startCheckpointer(db, file, { requestRows: 100, maxBehind: 1 });
    for (let n = 0; n < 20; n++) writeTransaction(db, checkpoints, n * 500, 500);
    // The WAL file is reused from its start after a restart: its size is its high-water mark.
    const walBytes = statSync(`${file}-wal`).size;
    await checkpoints.close();
    db.close();
    // 20 transactions of ~40 pages each: without restarts the WAL would hold ~800 frames (3 MB).
    expect(walBytes).toBeLessThan(200 * 4_096);
  });
});
