/**
 * @module `WorldControl`: how contract and end-to-end tests drive the simulated WhatsApp world
 * behind an engine (the phone, the contacts, the server). The memory engine implements it
 * in-process; `@wa/sandbox` implements it for the real libraries over loopback. In core (not the
 * private testkit) because the published `@wa/sandbox` declares its API with these types.
 */
import type { ChatId } from "../domain/jid.ts";
import type { MediaType } from "../domain/media.ts";

/** A file attached to a world message: the plain bytes and what WhatsApp says about them. */
export interface SeedMedia {
  type: MediaType;
  /** The plain file, as bytes or as base64 text (JSON-friendly). */
  data: Uint8Array | string;
  mimetype: string;
  /** The sender's file name (documents). */
  filename?: string;
}

/** One message of seeded history. */
export interface SeedMessage {
  /** Bare WhatsApp id; generated when absent. */
  id?: string;
  fromMe: boolean;
  text: string;
  /** Unix seconds. */
  timestamp: number;
  /** Group sender (`@c.us`), for incoming group messages. */
  participant?: ChatId;
  /** An attachment; `text` is then its caption (empty for none). */
  media?: SeedMedia;
}

/** One chat of seeded history. */
export interface SeedChat {
  id: ChatId;
  name?: string;
  archived?: boolean;
  unreadCount?: number;
  messages: SeedMessage[];
}

/** History the phone sends after pairing. */
export interface HistorySeed {
  chats: SeedChat[];
  contacts?: Array<{ id: ChatId; name?: string; pushName?: string }>;
  /** Phone-number ⇄ LID pairs the phone knows. */
  lidMappings?: Array<{ lid: ChatId; pn: ChatId }>;
}

/** Something the client sent that reached the simulated world. */
export interface SentRecord {
  kind: "text" | "edit" | "revoke" | "pin" | "unpin" | "read";
  chatId: ChatId;
  /** Bare id of the message the client sent. */
  id: string;
  /** The text of a text or edit. */
  text?: string;
  /** Bare id of the message an edit, revoke, pin, unpin or read refers to. */
  targetId?: string;
}

/** The world's view of a chat, after the client's app-state patches. */
export interface WorldChatState {
  archived: boolean;
  markedUnread: boolean;
  pinned: boolean;
  deleted: boolean;
  cleared: boolean;
}

/** Drives the simulated world behind one engine session. */
export interface WorldControl {
  /** Sets the history the phone will sync after pairing (call before the engine starts). */
  seedHistory(seed: HistorySeed): Promise<void>;
  /** The phone scans the QR the engine showed, completing pairing. */
  scanQr(qr: string): Promise<void>;
  /**
   * The phone enters the pairing code the engine requested (`requestPairingCode`), completing
   * pairing. Optional: worlds that cannot pair by code leave it out and the case is skipped.
   */
  enterPairingCode?(code: string): Promise<void>;
  /** A contact sends a text; resolves with its bare id. */
  pushIncomingText(
    chatId: ChatId,
    text: string,
    options?: { participant?: ChatId },
  ): Promise<{ id: string }>;
  /**
   * A contact sends a file (`caption` optional); resolves with its bare id. Optional: worlds that
   * hold no media leave it out and the media cases are skipped.
   */
  pushIncomingMedia?(
    chatId: ChatId,
    media: SeedMedia & { caption?: string },
    options?: { participant?: ChatId },
  ): Promise<{ id: string }>;
  /** Everything the client sent so far, oldest first. */
  sent(): Promise<SentRecord[]>;
  /** The world's state of a chat. */
  chatState(chatId: ChatId): Promise<WorldChatState>;
  /** The phone archives or unarchives a chat; the change reaches the client. */
  phoneSetArchived(chatId: ChatId, archived: boolean): Promise<void>;
  /** The phone deletes a chat; the change reaches the client. */
  phoneDeleteChat(chatId: ChatId): Promise<void>;
  /** Sets a chat's profile picture (null removes it). */
  setProfilePicture(chatId: ChatId, url: string | null): Promise<void>;
  /** Drops the client's connection; it should reconnect. */
  dropConnection(): Promise<void>;
}
