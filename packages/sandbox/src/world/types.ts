/**
 * @module Shapes of the simulated world, whatever the transport a client uses to see it: the phone's
 * account, its contacts, chats and messages. Wire state (Signal sessions, stanza queues, pages) lives
 * with each transport, never here.
 */
import type { ChatId, HistorySeed, SeedMedia, SentRecord, WorldChatState } from "@wa/core";

/** A message the world knows about (seeded, pushed or sent by the client). */
export interface WorldMessage {
  id: string;
  fromMe: boolean;
  text?: string;
  /** An attached file, as plain data (each transport encodes and serves it its own way). */
  media?: SeedMedia;
  timestamp: number;
  participant?: ChatId;
  /** Set by the client's edits. */
  editedText?: string;
  revoked?: boolean;
  pinned?: boolean;
}

/** One chat in the phone's view. */
export interface WorldChat {
  id: ChatId;
  name?: string;
  state: WorldChatState;
  /** Unread messages the phone reports for the chat (seeded; the client's reads reset it). */
  unreadCount: number;
  messages: WorldMessage[];
}

/** A group the account is in. */
export interface WorldGroup {
  subject: string;
  /** Members other than the account itself. */
  participants: ChatId[];
}

/** A contact of the account (a person the phone can talk to). */
export interface WorldContact {
  phone: string;
  lid: string;
  name?: string;
  pushName?: string;
}

/** Which kind of client a paired account's device is: Baileys' socket, or a WhatsApp Web page. */
export type TransportName = "socket" | "web";

/** The state of one WhatsApp account (one linked-device session) in the world. */
export interface WorldAccount {
  sessionKey: string;
  phone: string;
  lid: string;
  /** The companion device id the client gets when paired. */
  deviceId: number;
  pushName: string;
  /** Whether a client is paired (QR scanned) and not logged out. */
  paired: boolean;
  /** The transport of the paired client; changes go out through it only. Unset before pairing. */
  transport?: TransportName;
  contacts: Map<string, WorldContact>;
  groups: Map<ChatId, WorldGroup>;
  chats: Map<ChatId, WorldChat>;
  sent: SentRecord[];
  pictures: Map<ChatId, string | null>;
  historySeed?: HistorySeed;
  /** Whether the phone already synced its history (it does so once, after the first login). */
  historySent: boolean;
}
