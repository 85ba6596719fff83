/**
 * @module The prepared statements of messages pages: one per page shape and kind of read, prepared
 * on first use and reused (preparing costs more than running a 100-message page).
 */
import type { Database, Statement } from "better-sqlite3";
import { type MessagePageShape, pageRowidsSql, pageWalkSql, shapeKey } from "./message-sql.ts";
import { pageColumns } from "./page-rows.ts";

/** The statements of a page of a given shape; the page parameters are `pageParams`' object. */
export interface PageStatements {
  /** The page's rowids in page order, walking the index alone (`pluck`). */
  rowids(shape: MessagePageShape): Statement;
  /** The page's JSON texts, read in the index walk (`pluck`; not for merged chats). */
  texts(shape: MessagePageShape): Statement;
  /** The page's rows (`pageColumns`), read in the index walk (`raw`; not for merged chats). */
  rows(shape: MessagePageShape): Statement;
  /** The rows (`pageColumns`) of a JSON array of rowids, in the array's order (`raw`). */
  rowsOf(shape: MessagePageShape): Statement;
  /** The JSON texts of a JSON array of rowids, in the array's order (`pluck`). */
  textsOf(): Statement;
  /** `texts` as one row (`raw`): their count and their `,`-joined text (null when none). */
  joinedTexts(shape: MessagePageShape): Statement;
  /** `textsOf` as one row (`raw`): their count and their `,`-joined text (null when none). */
  joinedTextsOf(): Statement;
}

export function createPageStatements(db: Database): PageStatements {
  const cached = (prepare: (shape: MessagePageShape) => Statement) => {
    const statements = new Map<string, Statement>();
    return (shape: MessagePageShape): Statement => {
      const key = shapeKey(shape);
      let statement = statements.get(key);
      if (!statement) {
        statement = prepare(shape);
        statements.set(key, statement);
      }
      return statement;
    };
  };
  // The rows of the page query's rowids, in their order (the array index of json_each).
  const ofRowids = (columns: string) =>
    db.prepare(`SELECT ${columns} FROM json_each(?) j
      CROSS JOIN messages m ON m.rowid = j.value ORDER BY j.key`);
  const textsOfRowids = ofRowids("m.data").pluck();
  // One string from SQLite instead of one per message. group_concat takes the rows in the
  // order the subquery yields them (its ORDER BY and LIMIT keep it from being flattened into
  // the aggregate); the store contract checks every page it reads against the texts' order.
  const joined = (pageSql: string) =>
    db.prepare(`SELECT count(*), group_concat(data, ',') FROM (${pageSql})`).raw();
  const joinedTextsOfRowids = joined(`SELECT m.data AS data FROM json_each(?) j
      CROSS JOIN messages m ON m.rowid = j.value ORDER BY j.key`);

  return {
    rowids: cached((shape) => db.prepare(pageRowidsSql(shape)).pluck()),
    texts: cached((shape) => db.prepare(pageWalkSql(shape, "data")).pluck()),
    rows: cached((shape) => db.prepare(pageWalkSql(shape, pageColumns(shape))).raw()),
    rowsOf: cached((shape) => ofRowids(pageColumns(shape, "m.")).raw()),
    textsOf: () => textsOfRowids,
    joinedTexts: cached((shape) => joined(pageWalkSql(shape, "data"))),
    joinedTextsOf: () => joinedTextsOfRowids,
  };
}
