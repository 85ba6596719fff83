/** @module TypeBox schemas of the sandbox control API (`/api/sandbox/...`). */
import { Type } from "@sinclair/typebox";
import { MEDIA_TYPES } from "@wa/core";

const ChatIdText = (description: string) =>
  Type.String({ description, examples: ["14155550101@c.us"] });

/** A file in a control request, as WAHA's send-file bodies carry one (base64 `data`). */
export const FileSchema = Type.Object({
  mimetype: Type.String({ examples: ["image/jpeg"] }),
  filename: Type.Optional(Type.String({ examples: ["photo.jpg"] })),
  data: Type.String({ description: "The file, base64", contentEncoding: "base64" }),
  type: Type.Optional(
    Type.Unsafe<(typeof MEDIA_TYPES)[number]>({
      type: "string",
      enum: [...MEDIA_TYPES],
      description:
        "How WhatsApp shows it; default from the mimetype (image, video, audio, else document)",
    }),
  ),
});

/** A contact's incoming message: a text, or a file with `text` as its caption. */
export const IncomingBodySchema = Type.Object({
  chatId: ChatIdText("The chat it arrives in (a contact, or a group with `participant`)"),
  text: Type.Optional(Type.String({ examples: ["Hello from the sandbox"] })),
  file: Type.Optional(FileSchema),
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
  file: Type.Optional(FileSchema),
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
