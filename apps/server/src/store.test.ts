import { describe, expect, it } from "vitest";
import { describeStore, redactDatabaseUrl } from "./store.ts";

describe("redactDatabaseUrl", () => {
  it.each([
    ["postgres://wa:top-secret@db:5432/wa", "postgres://wa:***@db:5432/wa"],
    ["postgres://wa@db/wa", "postgres://wa@db/wa"],
    [
      "postgres://db/wa?password=top-secret&sslmode=require",
      "postgres://db/wa?password=***&sslmode=require",
    ],
    ["postgres://wa:p%40ss@db/wa", "postgres://wa:***@db/wa"],
    ["not a url top-secret", "(an unparsable URL)"],
  ])("%s → %s", (url, shown) => {
    expect(redactDatabaseUrl(url)).toBe(shown);
  });

  it("describes either store without a password", () => {
    expect(describeStore({ kind: "postgres", url: "postgres://wa:top-secret@db/wa" })).toBe(
      "PostgreSQL at postgres://wa:***@db/wa",
    );
    expect(describeStore({ kind: "sqlite", file: "/data/wa.sqlite3" })).toBe(
      "SQLite /data/wa.sqlite3",
    );
  });
});
