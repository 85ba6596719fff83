import { describe, expect, it } from "vitest";
import { pageShape } from "./message-sql.ts";
import { openDatabase } from "./open.ts";
import { createPageStatements } from "./page-statements.ts";

interface Opcode {
  addr: number;
  opcode: string;
  p1: number;
  p2: number;
}

describe("message page statements", () => {
  // The page is read in the index walk (not rowids first) because of this: an offset of 90,000
  // would otherwise read 90,000 table rows.
  it("a one-chat page passes over the rows its offset skips before reading the table", () => {
    const db = openDatabase(":memory:");
    const shape = pageShape("chat", { fromMe: false, ack: 3, timestampLte: 9 }, "desc");
    const statement = createPageStatements(db).rows(shape);
    const program = db
      .prepare(`EXPLAIN ${statement.source}`)
      .all({ session: "s", chat: "1@c.us", from_me: 0, ack: 3, lte: 9, limit: 100, offset: 5 });
    const opcodes = program as Opcode[];
    const tableRoot = db
      .prepare("SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name = 'messages'")
      .pluck()
      .get();
    const table = opcodes.find((op) => op.opcode === "OpenRead" && op.p2 === tableRoot)?.p1;
    const offsetCheck = opcodes.find((op) => op.opcode === "IfPos")?.addr;
    const firstTableRead = opcodes.find((op) => op.opcode === "Column" && op.p1 === table)?.addr;
    expect(table).toBeDefined();
    expect(offsetCheck).toBeDefined();
    expect(firstTableRead).toBeDefined();
    expect(offsetCheck).toBeLessThan(firstTableRead as number);
    db.close();
  });
});
