/** @module Chatting schemas: `POST /api/sendText` and `POST /api/sendSeen` bodies. */
import { Type } from "@sinclair/typebox";

const Session = Type.Optional(Type.String({ default: "default", description: "Session name" }));
const ChatIdField = Type.String({ examples: ["11111111111@c.us"] });

/** `MessageTextRequest`. */
export const SendTextSchema = Type.Object({
  session: Session,
  chatId: ChatIdField,
  text: Type.String({ examples: ["Hi there!"] }),
  reply_to: Type.Optional(
    Type.Union([Type.String(), Type.Null()], {
      description: "Id of the message to reply to (full or bare)",
    }),
  ),
  linkPreview: Type.Optional(Type.Boolean({ default: true })),
  mentions: Type.Optional(Type.Array(Type.String())),
});

/** `SendSeenRequest`. */
export const SendSeenSchema = Type.Object({
  session: Session,
  chatId: ChatIdField,
  messageIds: Type.Optional(Type.Array(Type.String())),
  messageId: Type.Optional(Type.Union([Type.String(), Type.Null()], { deprecated: true })),
  participant: Type.Optional(
    Type.Union([Type.String(), Type.Null()], { description: "Sender in a group" }),
  ),
});

/** Deprecated `GET /api/sendText` query. */
export const SendTextGetSchema = Type.Object({
  phone: ChatIdField,
  text: Type.String(),
  session: Session,
});
