/** @module Messages: the WAHA `WAMessage` shape clients see, and the stored row the store indexes. */
import type { AckLevel, AckName } from "./ack.ts";
import type { ChatId } from "./jid.ts";
import type { MessageKey } from "./message-id.ts";

/** A media attachment; `url` is null until downloaded. */
export interface WAMedia {
  url: string | null;
  mimetype: string | null;
  filename: string | null;
  /** The object's bucket and key, when media is kept in S3 (`WAHA_MEDIA_STORAGE=S3`). */
  s3?: { Bucket: string; Key: string };
  error?: unknown;
}

/** A location attachment; coordinates are strings, as WAHA sends them. */
export interface WALocation {
  latitude: string;
  longitude: string;
  live: boolean;
  name?: string;
  address?: string;
  url?: string;
  description?: string;
  thumbnail?: string;
}

/** The quoted message of a reply. */
export interface WAReplyTo {
  /** The bare id of the quoted message. */
  id: string;
  participant?: string;
  body?: string | null;
  _data?: unknown;
}

/** One reaction to a message; an empty `text` means the reaction was removed. */
export interface WAReaction {
  /** The reacting user's chat id. */
  from: ChatId;
  fromMe: boolean;
  text: string;
  /** Unix seconds. */
  timestamp: number;
  /** The serialized id of the reaction message itself, when known. */
  id?: string;
}

/** A message exactly as WAHA's API returns it (waha-compat §3.1). */
export interface WAMessage {
  /** `{fromMe}_{chatId}_{id}[_{participant}]`. */
  id: string;
  /** Unix seconds. */
  timestamp: number;
  from: string;
  fromMe: boolean;
  source: "api" | "app";
  to?: string;
  participant?: string;
  body: string | null;
  hasMedia: boolean;
  media: WAMedia | null;
  mediaUrl?: string;
  ack: AckLevel | number;
  ackName: AckName | "UNKNOWN";
  author?: string;
  location: WALocation | null;
  vCards: string[] | null;
  replyTo: WAReplyTo | null;
  /** The engine's raw message. */
  _data: unknown;
}

/** What kind of content a message carries; everything but the last five is displayable. */
export type MessageKind =
  | "text"
  | "media"
  | "location"
  | "contact"
  | "poll"
  | "other"
  | "reaction"
  | "protocol"
  | "edit"
  | "revoke"
  | "poll-vote";

/** The kinds WAHA never lists as chat messages. */
export const NON_DISPLAYABLE_KINDS: readonly MessageKind[] = [
  "reaction",
  "protocol",
  "edit",
  "revoke",
  "poll-vote",
];

/** True when a message of this kind belongs in a chat's message list. */
export const isDisplayableKind = (kind: MessageKind): boolean =>
  !NON_DISPLAYABLE_KINDS.includes(kind);

/** A message as engines emit it and the store keeps it: the indexed columns plus the API shape. */
export interface StoredMessage {
  key: MessageKey;
  /** Unix seconds; the sort key. */
  timestamp: number;
  ack: AckLevel | number;
  kind: MessageKind;
  /** The message in WAHA's shape (`id`, `ack`, `ackName` always agree with the columns). */
  message: WAMessage;
  reactions?: WAReaction[];
}
