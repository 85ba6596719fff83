/** @module Message schemas: `WAMessage` and the messages routes' query and bodies. */

import { Type } from "@sinclair/typebox";
import { ACK_NAMES, MESSAGE_SORT_INPUTS, PIN_DURATIONS, SORT_ORDERS } from "@wa/core";
import { BooleanText, IntegerText, StringEnum } from "./common.ts";

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/** A message as WAHA returns it (waha-compat §3.1); `_data` is the engine's raw message. */
export const WAMessageSchema = Type.Object(
  {
    id: Type.String({ examples: ["false_11111111111@c.us_AAAAAAAAAAAAAAAAAAAA"] }),
    timestamp: Type.Number({ description: "Unix seconds" }),
    from: Type.String(),
    fromMe: Type.Boolean(),
    source: Type.Unsafe<"api" | "app">({ type: "string", enum: ["api", "app"] }),
    to: Type.Optional(Type.String()),
    participant: Type.Optional(Type.String()),
    body: Nullable(Type.String()),
    hasMedia: Type.Boolean(),
    media: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
    ack: Type.Integer({ minimum: -1, maximum: 4 }),
    ackName: Type.String({ examples: ["DEVICE"] }),
    location: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
    vCards: Type.Union([Type.Array(Type.String()), Type.Null()]),
    replyTo: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
    _data: Type.Unknown({ description: "The engine's raw message" }),
  },
  { $id: "WAMessage", title: "WAMessage", additionalProperties: true },
);

/** GET .../messages query (WAHA's dotted filter keys). */
export const MessagesQuerySchema = Type.Object({
  limit: IntegerText("Page size", 10),
  offset: IntegerText("Messages to skip", 0),
  sortBy: StringEnum(MESSAGE_SORT_INPUTS, "Sort field (`messageTimestamp` is an alias)"),
  sortOrder: StringEnum(SORT_ORDERS, "Sort order; default `desc`"),
  downloadMedia: BooleanText("Download media (default true)"),
  merge: BooleanText("Merge the `@lid` and `@c.us` chats of one contact (default true)"),
  "filter.timestamp.lte": IntegerText("Only messages at or before this unix time (seconds)"),
  "filter.timestamp.gte": IntegerText("Only messages at or after this unix time (seconds)"),
  "filter.fromMe": BooleanText("Only own (true) or others' (false) messages"),
  "filter.ack": StringEnum(ACK_NAMES, "Only messages with this ack"),
});

/** GET message by id query. */
export const MessageQuerySchema = Type.Object({
  downloadMedia: BooleanText("Download media (default true)"),
  merge: BooleanText("Merge the `@lid` and `@c.us` chats (default true)"),
});

/** POST .../messages/read query and (our superset) JSON body. */
export const ReadQuerySchema = Type.Object({
  messages: IntegerText("How many recent messages to mark read (default 30, 100 in groups)"),
  days: IntegerText("How many days back to look", 7),
});

/** The read body (a harmless superset of WAHA, which reads the query only). */
export const ReadBodySchema = Type.Object(ReadQuerySchema.properties);

/** `{ids}` of the messages marked read. */
export const ReadResponseSchema = Type.Object({ ids: Type.Array(Type.String()) });

/** Pin body. */
export const PinBodySchema = Type.Object({
  duration: Type.Unsafe<number>({
    type: "number",
    enum: [...PIN_DURATIONS],
    description: "Seconds: 24 hours (86400), 7 days (604800), 30 days (2592000)",
  }),
});

/** `{success: true}`. */
export const SuccessSchema = Type.Object({ success: Type.Boolean() });

/** Edit body; unlike WAHA, a missing `text` is a 400 (WAHA silently sends "Hello, world!"). */
export const EditBodySchema = Type.Object({
  text: Type.String({ examples: ["Hello, world!"] }),
  linkPreview: Type.Optional(Type.Boolean({ default: true })),
  linkPreviewHighQuality: Type.Optional(Type.Boolean({ default: false })),
  mentions: Type.Optional(Type.Array(Type.String())),
});

/** A reaction on a stored message. */
export const ReactionSchema = Type.Object(
  {
    from: Type.String(),
    fromMe: Type.Boolean(),
    text: Type.String({ description: "Empty when the reaction was removed" }),
    timestamp: Type.Number(),
    id: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
