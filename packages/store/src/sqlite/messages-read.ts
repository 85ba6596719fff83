/** @module Message reads: a chat's (or every chat's) displayable messages, one message, the newest. */

import {
  type ChatId,
  compareMessages,
  isFullMessageKey,
  isLidChat,
  type MessageRef,
  type MessagesQuery,
  type StoredMessage,
} from "@wa/core";
import type { Database } from "better-sqlite3";
import type { JsonArrayText } from "../types.ts";
import { BUCKET_SECONDS, bucketOf } from "./buckets.ts";
import { createOffsetLocator, DEEP_OFFSET } from "./deep-page.ts";
import { type MessagePageShape, pageParams, pageShape } from "./message-sql.ts";
import { type PageRow, pageRowDecoder } from "./page-rows.ts";
import { createPageStatements } from "./page-statements.ts";
import { MESSAGE_COLUMNS, type MessageRow, messageFromRow } from "./rows.ts";

/** The message reads of one database. */
export interface MessageReads {
  list(session: string, chatId: ChatId | "all", query: MessagesQuery): StoredMessage[];
  /** The stored message JSON texts of the page `list` returns, in the same order. */
  listJson(session: string, chatId: ChatId | "all", query: MessagesQuery): string[];
  /** `listJson`'s page as one JSON array text. */
  listJsonArray(session: string, chatId: ChatId | "all", query: MessagesQuery): JsonArrayText;
  get(session: string, chatId: ChatId | "all", ref: MessageRef): StoredMessage | null;
  newest(session: string, chatId: ChatId): StoredMessage | null;
  /** The newest displayable message of any of these chats, or null. */
  newestDisplayable(session: string, chatIds: readonly ChatId[]): StoredMessage | null;
  /** The chats a chat id covers when merging: its PN chat and every LID chat mapped to it. */
  mergedChatIds(session: string, chatId: ChatId): ChatId[];
}

export function createMessageReads(db: Database): MessageReads {
  const byKey = db.prepare(
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE session = ? AND chat_id = ? AND id = ?`,
  );
  const byId = db.prepare(
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE session = ? AND id = ? ORDER BY timestamp DESC, chat_id`,
  );
  const newestOf = db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages
    WHERE session = ? AND chat_id = ? AND displayable = ? ORDER BY timestamp DESC, id DESC LIMIT 1`);
  const pnOfLid = db.prepare("SELECT pn FROM lid_map WHERE session = ? AND lid = ?").pluck();
  const lidsOfPn = db.prepare("SELECT lid FROM lid_map WHERE session = ? AND pn = ? ORDER BY lid");
  const locate = createOffsetLocator(db);
  const statements = createPageStatements(db);

  const fetchTexts = (rowids: number[]): string[] => {
    if (rowids.length === 0) return [];
    return (statements.textsOf().all(JSON.stringify(rowids)) as string[]).map(canonicalJson);
  };

  const mergedChatIds = (session: string, chatId: ChatId): ChatId[] => {
    const primary = isLidChat(chatId)
      ? ((pnOfLid.get(session, chatId) as string | undefined) ?? chatId)
      : chatId;
    if (isLidChat(primary)) return [primary];
    const lids = lidsOfPn.pluck().all(session, primary) as string[];
    return [primary, ...lids];
  };

  const newestDisplayable = (session: string, chatIds: readonly ChatId[]) => {
    let best: StoredMessage | null = null;
    for (const chatId of chatIds) {
      const row = newestOf.get(session, chatId, 1) as MessageRow | undefined;
      const candidate = row ? messageFromRow(row) : null;
      if (candidate && (!best || compareMessages(candidate, best, "desc") < 0)) best = candidate;
    }
    return best;
  };

  /** The shape and parameters of one page; null when the page is known to be empty. */
  const pagePlan = (
    session: string,
    chatId: ChatId | "all",
    query: MessagesQuery,
  ): { shape: MessagePageShape; params: Record<string, unknown> } | null => {
    const chats = chatId === "all" ? [] : query.merge ? mergedChatIds(session, chatId) : [chatId];
    const scope = chats.length === 0 ? "all" : chats.length === 1 ? "chat" : "chats";
    let shape = pageShape(scope, query.filter, query.sortOrder, Math.max(1, chats.length));
    const params = pageParams(session, chats, query.filter, query.limit, query.offset);
    // A deep page of one chat (or a merged PN + LID chat) starts at the day its offset falls
    // in. `all` keeps the plain walk: its buckets would be summed over every chat.
    if (scope !== "all" && query.offset >= DEEP_OFFSET) {
      const start = locate(session, chats, query.filter, query.sortOrder, query.offset);
      if (!start) return null;
      params.offset = start.remaining;
      if (scope === "chats") params.window = query.limit > 0 ? start.remaining + query.limit : -1;
      if (query.sortOrder === "asc") {
        const dayStart = start.bucket * BUCKET_SECONDS;
        const gte = query.filter.timestampGte;
        params.gte = gte === undefined ? dayStart : Math.max(gte, dayStart);
        shape = { ...shape, gte: true };
      } else if (
        query.filter.timestampLte === undefined ||
        start.bucket < bucketOf(query.filter.timestampLte)
      ) {
        // One upper bound only, or SQLite may start the index walk at the other one: the day's
        // end lies at or below the filter's bound here, so it implies it...
        params.below = (start.bucket + 1) * BUCKET_SECONDS;
        shape = { ...shape, lte: false, below: true };
      } // ...and in the filter bound's own day, the filter bound is the nearer one.
    }
    return { shape, params };
  };

  /**
   * The messages of one page. A page of one chat (or `all`) reads them in the index walk itself:
   * the rows an offset skips are passed over before the table is read (SQLite defers the seek to
   * the table row until a column of it is read, and checks the offset first). Merged chats are
   * ordered on rowids first, then their rows read.
   */
  const pageMessages = (session: string, chatId: ChatId | "all", query: MessagesQuery) => {
    const plan = pagePlan(session, chatId, query);
    if (!plan) return [];
    const { shape, params } = plan;
    const decode = pageRowDecoder(shape, params.chat as string | undefined, query.filter);
    if (shape.scope !== "chats") {
      return (statements.rows(shape).all(params) as PageRow[]).map(decode);
    }
    const rowids = statements.rowids(shape).all(params) as number[];
    if (rowids.length === 0) return [];
    return (statements.rowsOf(shape).all(JSON.stringify(rowids)) as PageRow[]).map(decode);
  };

  /** The JSON texts of one page: the same selection as `pageMessages`, the same two ways. */
  const pageTexts = (session: string, chatId: ChatId | "all", query: MessagesQuery): string[] => {
    const plan = pagePlan(session, chatId, query);
    if (!plan) return [];
    const { shape, params } = plan;
    if (shape.scope === "chats") {
      return fetchTexts(statements.rowids(shape).all(params) as number[]);
    }
    return (statements.texts(shape).all(params) as string[]).map(canonicalJson);
  };

  /** `pageTexts` joined in SQLite: one string for the page, not one per message. */
  const pageArray = (
    session: string,
    chatId: ChatId | "all",
    query: MessagesQuery,
  ): JsonArrayText => {
    const plan = pagePlan(session, chatId, query);
    if (!plan) return EMPTY_ARRAY;
    const { shape, params } = plan;
    let row: [number, string | null];
    if (shape.scope === "chats") {
      const rowids = statements.rowids(shape).all(params) as number[];
      if (rowids.length === 0) return EMPTY_ARRAY;
      row = statements.joinedTextsOf().get(JSON.stringify(rowids)) as [number, string | null];
    } else {
      row = statements.joinedTexts(shape).get(params) as [number, string | null];
    }
    const [length, joined] = row;
    // JSON.stringify writes an array as its items' texts joined by ",": one check of the whole
    // is the check of every item.
    return joined === null ? EMPTY_ARRAY : { length, text: canonicalJson(`[${joined}]`) };
  };

  return {
    mergedChatIds,
    newestDisplayable,

    list: pageMessages,
    listJson: pageTexts,
    listJsonArray: pageArray,

    get(session, chatId, ref) {
      if (isFullMessageKey(ref)) {
        const exact = byKey.get(session, ref.chatId, ref.id) as MessageRow | undefined;
        if (exact) return messageFromRow(exact);
      }
      // A bare id, or WAHA's fallback to the id alone when chat + id is not found.
      const rows = byId.all(session, ref.id) as MessageRow[];
      const allowed = chatId === "all" ? null : new Set(mergedChatIds(session, chatId));
      const row = rows.find((candidate) => !allowed || allowed.has(candidate.chat_id));
      return row ? messageFromRow(row) : null;
    },

    newest(session, chatId) {
      const shown = newestOf.get(session, chatId, 1) as MessageRow | undefined;
      const hidden = newestOf.get(session, chatId, 0) as MessageRow | undefined;
      const candidates = [shown, hidden]
        .filter((row): row is MessageRow => row !== undefined)
        .map(messageFromRow)
        .sort((a, b) => compareMessages(a, b, "desc"));
      return candidates[0] ?? null;
    },
  };
}

// Acks raised before the ack was bound as an integer were stored as `"ack":4.0` (SQLite's text of
// a REAL), which JSON.stringify never writes: such a text (or one merely looking like it, inside
// a string) is written again as JSON.stringify would. Every other write stores JSON.stringify's text.
function canonicalJson(text: string): string {
  return hasRealInteger(text) ? JSON.stringify(JSON.parse(text)) : text;
}

const EMPTY_ARRAY: JsonArrayText = { length: 0, text: "[]" };

/**
 * Whether `text` holds `.0` before `,`, `}` or `]` (the regex `/\.0[,}\]]/`), found by
 * `indexOf`, which skips to each `.` far faster than the regex scans a page's 50 KB.
 */
function hasRealInteger(text: string): boolean {
  for (let at = text.indexOf(".0"); at >= 0; at = text.indexOf(".0", at + 1)) {
    const next = text.charCodeAt(at + 2);
    if (next === COMMA || next === CLOSE_BRACE || next === CLOSE_BRACKET) return true;
  }
  return false;
}

const COMMA = ",".charCodeAt(0);
const CLOSE_BRACE = "}".charCodeAt(0);
const CLOSE_BRACKET = "]".charCodeAt(0);
