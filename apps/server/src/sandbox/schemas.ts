/** @module TypeBox schemas of the sandbox control API (`/api/sandbox/...`). */
import { Type } from "@sinclair/typebox";

const ChatIdText = (description: string) =>
  Type.String({ description, examples: ["14155550101@c.us"] });

/** A contact's incoming message. */
export const IncomingBodySchema = Type.Object({
  chatId: ChatIdText("The chat it arrives in (a contact, or a group with `participant`)"),
  text: Type.String({ examples: ["Hello from the sandbox"] }),
  participant: Type.Optional(ChatIdText("Group messages: the member who sends it")),
});

/** What a pushed message became. */
export const PushResultSchema = Type.Object({
  id: Type.String({ description: "The bare WhatsApp message id" }),
  wire: Type.String({ description: "How it travelled (`plaintext`, `pkmsg`, ...)" }),
});

const SeedMessageSchema = Type.Object({
  id: Type.Optional(Type.String({ description: "Bare id; generated when absent" })),
  fromMe: Type.Boolean(),
  text: Type.String(),
  timestamp: Type.Integer({ description: "Unix seconds" }),
  participant: Type.Optional(ChatIdText("Group sender")),
});

/** Another history sync from the phone. */
export const HistoryBodySchema = Type.Object({
  chats: Type.Array(
    Type.Object({
      id: ChatIdText("Chat id"),
      name: Type.Optional(Type.String()),
      archived: Type.Optional(Type.Boolean()),
      unreadCount: Type.Optional(Type.Integer({ minimum: 0 })),
      messages: Type.Array(SeedMessageSchema),
    }),
  ),
  contacts: Type.Optional(
    Type.Array(
      Type.Object({
        id: ChatIdText("Contact id"),
        name: Type.Optional(Type.String()),
        pushName: Type.Optional(Type.String()),
      }),
    ),
  ),
  lidMappings: Type.Optional(
    Type.Array(Type.Object({ lid: Type.String({ examples: ["123@lid"] }), pn: ChatIdText("PN") })),
  ),
});

/** The phone archives (default) or unarchives a chat. */
export const ArchiveBodySchema = Type.Object({
  archived: Type.Boolean({ default: true }),
});

/** The profile picture the server returns for a chat (null removes it). */
export const PictureBodySchema = Type.Object({
  url: Type.Union([Type.String({ description: "No `@` in the URL" }), Type.Null()]),
});

/** Something the client sent that reached the simulated world. */
export const SentRecordSchema = Type.Object({
  kind: Type.String({ enum: ["text", "edit", "revoke", "pin", "unpin", "read"] }),
  chatId: Type.String(),
  id: Type.String(),
  text: Type.Optional(Type.String()),
  targetId: Type.Optional(Type.String()),
});

/** The world's state of a chat after the client's changes. */
export const ChatStateSchema = Type.Object({
  archived: Type.Boolean(),
  markedUnread: Type.Boolean(),
  pinned: Type.Boolean(),
  deleted: Type.Boolean(),
  cleared: Type.Boolean(),
});

/** The simulated account behind a session. */
export const AccountSchema = Type.Object({
  phone: Type.String({ description: "The account's phone number" }),
  lid: Type.String({ description: "The account's LID" }),
  paired: Type.Boolean({ description: "A device is paired (QR scanned, not logged out)" }),
  online: Type.Boolean({ description: "The session's client is connected and logged in" }),
});

/** `{ ok: true }`. */
export const OkSchema = Type.Object({ ok: Type.Boolean() });
