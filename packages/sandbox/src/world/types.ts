/** @module Shapes of the simulated world: the phone's account, its contacts, chats and messages. */
import type { ChatId } from "@wa/core";
import type { HistorySeed, SentRecord, WorldChatState } from "@wa/engine-testkit";
import type { BinaryNode, KeyPair } from "@whiskeysockets/baileys";
import type { DeviceSignal } from "../signal/contact-signal.ts";

/** A message the world knows about (seeded, pushed or sent by the client). */
export interface WorldMessage {
  id: string;
  fromMe: boolean;
  text?: string;
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

/** The public keys the client uploaded with `iq encrypt set` (its Signal pre-key bundle). */
export interface ClientBundle {
  registrationId: number;
  identityKey: Buffer;
  signedPreKey: { keyId: number; publicKey: Buffer; signature: Buffer };
  preKeys: Map<number, Buffer>;
}

/** Something the simulator recorded that the client sent but the testkit has no kind for. */
export interface ProtocolRecord {
  tag: string;
  xmlns?: string;
  child?: string;
}

/** The state of one WhatsApp account (one linked-device session) in the world. */
export interface WorldAccount {
  sessionKey: string;
  phone: string;
  lid: string;
  /** The companion device id the client gets when paired. */
  deviceId: number;
  pushName: string;
  /** The phone's ADV account-signature key pair; it signs the companion's device identity at pairing. */
  phoneIdentity: KeyPair;
  /** Whether a client is paired (QR scanned) and not logged out. */
  paired: boolean;
  contacts: Map<string, WorldContact>;
  groups: Map<ChatId, WorldGroup>;
  chats: Map<ChatId, WorldChat>;
  sent: SentRecord[];
  pictures: Map<ChatId, string | null>;
  historySeed?: HistorySeed;
  clientBundle?: ClientBundle;
  /** Signal state of every simulated device the client talks to, by phone number (own phone included). */
  signals: Map<string, DeviceSignal>;
  /** Stanzas for the client that wait until it is connected and logged in. */
  offlineQueue: BinaryNode[];
  /** Message stanzas sent to the client and not yet acked or receipted, by id: redelivered after a reconnect. */
  unacked: Map<string, BinaryNode>;
  /** Whether the phone already sent the first history sync (it does so once, after the first login). */
  historySent: boolean;
  /** Iq namespaces the server leaves unanswered (fault injection). */
  droppedIqs: Set<string>;
  /** Iqs the simulator did not recognise, for debugging tests. */
  unknownIqs: ProtocolRecord[];
}
