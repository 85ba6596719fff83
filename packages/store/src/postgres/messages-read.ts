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
import { BUCKET_SECONDS, bucketOf } from "../sqlite/buckets.ts";
import { MESSAGE_COLUMNS, type MessageRow, messageFromRow } from "../sqlite/rows.ts";
import { createOffsetLocator, DEEP_OFFSET } from "./deep-page.ts";
import { type PageSelection, pageSql } from "./message-sql.ts";
import type { Query, Row } from "./sql.ts";

/** The message reads of one database. */
export interface MessageReads {
  list(session: string, chatId: ChatId | "all", query: MessagesQuery): Promise<StoredMessage[]>;
  /** The stored message JSON texts of the page `list` returns, in the same order. */
  listJson(session: string, chatId: ChatId | "all", query: MessagesQuery): Promise<string[]>;
  get(session: string, chatId: ChatId | "all", ref: MessageRef): Promise<StoredMessage | null>;
  newest(session: string, chatId: ChatId): Promise<StoredMessage | null>;
  /** The chats a chat id covers when merging: its PN chat and every LID chat mapped to it. */
  mergedChatIds(session: string, chatId: ChatId): Promise<ChatId[]>;
}

export const asMessage = (row: Row) => messageFromRow(row as unknown as MessageRow);

const M_COLUMNS = MESSAGE_COLUMNS.split(", ")
  .map((column) => `m.${column}`)
  .join(", ");

export function createMessageReads(query: Query): MessageReads {
  const locate = createOffsetLocator(query);

  const mergedChatIds = async (session: string, chatId: ChatId): Promise<ChatId[]> => {
    let primary = chatId;
    if (isLidChat(chatId)) {
      const [row] = await query("SELECT pn FROM lid_map WHERE session = $1 AND lid = $2", [
        session,
        chatId,
      ]);
      primary = (row?.pn as string | undefined) ?? chatId;
    }
    if (isLidChat(primary)) return [primary];
    const rows = await query(
      "SELECT lid FROM lid_map WHERE session = $1 AND pn = $2 ORDER BY lid",
      [session, primary],
    );
    return [primary, ...rows.map((row) => row.lid as string)];
  };

  /** The selection of one page: both `list` and `listJson` read it. */
  const selection = async (
    session: string,
    chatId: ChatId | "all",
    request: MessagesQuery,
  ): Promise<PageSelection | null> => {
    const chats =
      chatId === "all" ? [] : request.merge ? await mergedChatIds(session, chatId) : [chatId];
    const page: PageSelection = {
      session,
      chats,
      filter: request.filter,
      order: request.sortOrder,
      limit: request.limit,
      offset: request.offset,
    };
    // A deep page of one chat (or a merged PN + LID chat) starts at the day its offset falls
    // in. `all` keeps the plain walk: its buckets would be summed over every chat.
    if (chats.length === 0 || request.offset < DEEP_OFFSET) return page;
    const start = await locate(session, chats, request.filter, request.sortOrder, request.offset);
    if (!start) return null;
    page.offset = start.remaining;
    const { timestampGte: gte, timestampLte: lte } = request.filter;
    if (request.sortOrder === "asc") {
      const dayStart = start.bucket * BUCKET_SECONDS;
      page.gte = gte === undefined ? dayStart : Math.max(gte, dayStart);
    } else if (lte === undefined || start.bucket < bucketOf(lte)) {
      // The day's last second lies below the filter's bound here, so it replaces it; in the
      // filter bound's own day, the filter bound is the nearer one. Timestamps are whole
      // seconds (BIGINT), so "at most the last second" is "before the next day".
      page.lte = (start.bucket + 1) * BUCKET_SECONDS - 1;
    }
    return page;
  };

  const newestOf = async (session: string, chatId: ChatId, displayable: number) => {
    const [row] = await query(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE session = $1 AND chat_id = $2
      AND displayable = $3 ORDER BY timestamp DESC, id DESC LIMIT 1`,
      [session, chatId, displayable],
    );
    return row ? asMessage(row) : null;
  };

  return {
    mergedChatIds,

    async list(session, chatId, request) {
      const page = await selection(session, chatId, request);
      if (!page) return [];
      const { text, params } = pageSql(page, M_COLUMNS);
      return (await query(text, params)).map(asMessage);
    },

    async listJson(session, chatId, request) {
      const page = await selection(session, chatId, request);
      if (!page) return [];
      const { text, params } = pageSql(page, "m.data");
      return (await query(text, params)).map((row) => row.data as string);
    },

    async get(session, chatId, ref) {
      if (isFullMessageKey(ref)) {
        const [exact] = await query(
          `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE session = $1 AND chat_id = $2 AND id = $3`,
          [session, ref.chatId, ref.id],
        );
        if (exact) return asMessage(exact);
      }
      // A bare id, or WAHA's fallback to the id alone when chat + id is not found.
      const rows = await query(
        `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE session = $1 AND id = $2
        ORDER BY timestamp DESC, chat_id`,
        [session, ref.id],
      );
      const allowed = chatId === "all" ? null : new Set(await mergedChatIds(session, chatId));
      const row = rows.find((candidate) => !allowed || allowed.has(candidate.chat_id as string));
      return row ? asMessage(row) : null;
    },

    async newest(session, chatId) {
      const candidates = [await newestOf(session, chatId, 1), await newestOf(session, chatId, 0)]
        .filter((message): message is StoredMessage => message !== null)
        .sort((a, b) => compareMessages(a, b, "desc"));
      return candidates[0] ?? null;
    },
  };
}
