/** @module Chat schemas: the GET /chats item, the overview (`ChatSummary`), picture and their queries. */

import { Type } from "@sinclair/typebox";
import { CHAT_SORT_INPUTS, SORT_ORDERS } from "@wa/core";
import { BooleanText, IntegerText, StringEnum } from "./common.ts";

/** A GET /chats item: the engine's raw chat with our id, name, timestamp and unread count on top. */
export const ChatListItemSchema = Type.Object(
  {
    id: Type.String({ examples: ["123456789@c.us"] }),
    name: Type.Union([Type.String(), Type.Null()]),
    conversationTimestamp: Type.Union([Type.Number(), Type.Null()]),
    unreadCount: Type.Integer(),
    archived: Type.Boolean({
      description: "Whether the chat is archived (the store's current state)",
    }),
  },
  { additionalProperties: true, $id: "ChatListItem", title: "ChatListItem" },
);

/** An overview item (waha-compat §3.3) with `unreadCount` added. */
export const ChatSummarySchema = Type.Object(
  {
    id: Type.String(),
    name: Type.Union([Type.String(), Type.Null()]),
    picture: Type.Union([Type.String(), Type.Null()]),
    lastMessage: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], {
      description: "The newest message, without media",
    }),
    unreadCount: Type.Integer(),
    _chat: Type.Unknown({ description: "The engine's raw chat" }),
  },
  { $id: "ChatSummary", title: "ChatSummary", additionalProperties: true },
);

/** GET /chats query. */
export const ChatsQuerySchema = Type.Object({
  limit: IntegerText("Page size (default: all chats)"),
  offset: IntegerText("Chats to skip"),
  sortBy: StringEnum(CHAT_SORT_INPUTS, "Sort field (default conversationTimestamp)"),
  sortOrder: StringEnum(SORT_ORDERS, "Sort order (default desc)"),
  merge: BooleanText("Merge the `@lid` and `@c.us` chats of one contact (default true)"),
});

/** GET /chats/overview query. */
export const OverviewQuerySchema = Type.Object({
  limit: IntegerText("Page size", 20),
  offset: IntegerText("Chats to skip", 0),
  ids: Type.Optional(
    Type.Array(Type.String(), {
      description: "Only these chats (`ids=a&ids=b`, `ids[]=a`, or a single value)",
    }),
  ),
  merge: BooleanText("Merge the `@lid` and `@c.us` chats of one contact (default true)"),
});

/** POST /chats/overview body; `pagination` defaults to `{limit: 20, offset: 0}` when absent. */
export const OverviewBodySchema = Type.Object({
  pagination: Type.Optional(
    Type.Object({
      limit: IntegerText("Page size", 20),
      offset: IntegerText("Chats to skip", 0),
      merge: Type.Optional(Type.Boolean({ default: true })),
    }),
  ),
  filter: Type.Optional(Type.Object({ ids: Type.Optional(Type.Array(Type.String())) })),
});

/** GET picture query. */
export const PictureQuerySchema = Type.Object({
  refresh: BooleanText("Bypass the 24 h cache (default false)"),
});

/** `{url}` of a chat picture, null when it has none. */
export const PictureResponseSchema = Type.Object({
  url: Type.Union([Type.String(), Type.Null()]),
});
