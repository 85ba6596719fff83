import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { migrate } from "./migrate.ts";
import { MIGRATIONS } from "./migrations.ts";

describe("migrate", () => {
  it("applies every migration once and records it", () => {
    const db = new Database(":memory:");
    expect(migrate(db)).toEqual(MIGRATIONS.map((migration) => migration.version));
    expect(migrate(db)).toEqual([]);
    const recorded = db
      .prepare("SELECT version FROM schema_migrations ORDER BY version")
      .pluck()
      .all();
    expect(recorded).toEqual(MIGRATIONS.map((migration) => migration.version));
  });

  it("applies only the pending ones, in version order", () => {
    const db = new Database(":memory:");
    migrate(db);
    const newest = Math.max(...MIGRATIONS.map((migration) => migration.version));
    const later = [
      { version: newest + 2, name: "c", statements: ["CREATE TABLE c (x INTEGER)"] },
      { version: newest + 1, name: "b", statements: ["CREATE TABLE b (x INTEGER)"] },
    ];
    expect(migrate(db, [...MIGRATIONS, ...later])).toEqual([newest + 1, newest + 2]);
  });

  it("refuses a database written by a newer schema", () => {
    const db = new Database(":memory:");
    migrate(db, [...MIGRATIONS, { version: 99, name: "future", statements: [] }]);
    expect(() => migrate(db)).toThrowError(/schema version 99/);
  });

  it("builds the day buckets and months of messages stored before migrations 3 and 4", () => {
    const db = new Database(":memory:");
    migrate(db, MIGRATIONS.slice(0, 2));
    const insert = db.prepare(`INSERT INTO messages (session, chat_id, id, from_me, timestamp,
      ack, kind, displayable, data) VALUES (?, ?, ?, ?, ?, ?, 'text', ?, '{}')`);
    const rows: Array<[string, string, string, number, number, number, number]> = [
      ["s1", "1@c.us", "A", 0, 1_700_000_000, 3, 1],
      ["s1", "1@c.us", "B", 0, 1_700_000_001, 3, 1],
      ["s1", "1@c.us", "C", 1, 1_700_000_001, 2, 1],
      ["s1", "1@c.us", "D", 0, 1_700_000_002, 3, 0], // not displayable: not counted
      ["s1", "1@c.us", "E", 0, -1, 3, 1], // the day before the epoch
      ["s2", "1@c.us", "A", 0, 86_400, 3, 1],
    ];
    for (const row of rows) insert.run(...row);
    migrate(db);
    const buckets = db
      .prepare(
        "SELECT session, chat_id, bucket, from_me, ack, n FROM message_buckets ORDER BY 1, 3, 4",
      )
      .raw()
      .all();
    expect(buckets).toEqual([
      ["s1", "1@c.us", -1, 0, 3, 1],
      ["s1", "1@c.us", 19675, 0, 3, 2],
      ["s1", "1@c.us", 19675, 1, 2, 1],
      ["s2", "1@c.us", 1, 0, 3, 1],
    ]);
    const months = db
      .prepare(
        "SELECT session, chat_id, month, from_me, ack, n FROM message_months ORDER BY 1, 3, 4",
      )
      .raw()
      .all();
    expect(months).toEqual([
      ["s1", "1@c.us", -1, 0, 3, 1],
      ["s1", "1@c.us", 614, 0, 3, 2],
      ["s1", "1@c.us", 614, 1, 2, 1],
      ["s2", "1@c.us", 0, 0, 3, 1],
    ]);
  });
});
