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
});
