/**
 * @module The simulator's control API for tests, as types: what a test can do as the phone and the
 * contacts of each session (scan the QR, seed history, send messages, change chats), what it can
 * inspect, and the transports a client may see the world through. `createSimulator` implements it.
 */
import type { ChatId, HistorySeed, SeedMedia, SentRecord, WorldChatState } from "@wa/core";
import type { AuthenticationCreds, proto } from "@whiskeysockets/baileys";
import type { Logger } from "pino";
import type { Dispatcher } from "undici";
import type { MediaRequest } from "./server/media/media-host.ts";
import type { IncomingOptions, WireKind } from "./server/messages.ts";
import type { SocketAccountState } from "./server/socket-state.ts";
import type { ChangeListener } from "./world/changes.ts";
import type { WorldAccount } from "./world/types.ts";
import type { World } from "./world/world.ts";

/** Options of `createSimulator`. */
export interface SimulatorOptions {
  /** Port on 127.0.0.1; random when absent. */
  port?: number;
  logger?: Logger;
  /** Delay before the recipient's delivery receipt (the read receipt follows after the same delay again). Default 150 ms. */
  receiptDelayMs?: number;
  /** Messages per history-sync chunk. Default 100. */
  historyChunkSize?: number;
  /** Pause between history chunks, so a test can drop the socket mid-sync. Default 0 (all at once). */
  historyChunkDelayMs?: number;
  /**
   * Keeps the world in this file: loaded when it exists, written durably after changes (control
   * calls that change the world resolve once written) and on close. Absent: the world lives in memory.
   */
  snapshotFile?: string;
}

/** A file a contact or the phone sends, with an optional caption. */
export type MediaInput = SeedMedia & { caption?: string };

/** What a pushed message became: its id, and how it travelled (`page`: to a WhatsApp Web page). */
export interface PushResult {
  id: string;
  wire: WireKind | "page";
}

/**
 * A second way for clients to see the world (e.g. the fake WhatsApp Web page): it encodes world
 * changes for the accounts it serves and may pair clients showing its own QR codes.
 */
export interface SimulatorTransport {
  /** Encodes world changes for the clients it serves. */
  onChange: ChangeListener;
  /** Pairs the client showing `qr` with the account; false when no client of this transport shows it. */
  scanQr(account: WorldAccount, qr: string): Promise<boolean>;
  /** Pairs the client that asked for this pairing code; false when none of this transport did. */
  enterPairingCode?(account: WorldAccount, code: string): Promise<boolean>;
  /** Whether the account's client is connected through this transport. */
  isOnline(account: WorldAccount): boolean;
}

/** A running simulator. */
export interface Simulator {
  /** `ws://127.0.0.1:<port>/ws/chat`: pass as Baileys' `waWebSocketUrl`. */
  url: string;
  /** Pin this as `WA_CERT_DETAILS.PUBLIC_KEY` (or call `pinSimulatorCertRoot()`). */
  certRootPublicKey: Buffer;
  world: World;
  /** `127.0.0.1:<port>` of the HTTPS media host (what media URLs and `media_conn` name). */
  mediaHost: string;
  /** The media host's self-signed certificate (PEM): trust it to download media. */
  mediaCertificate: string;
  /** An undici dispatcher that trusts the media host: NOWEB's `mediaDispatcher`. */
  mediaDispatcher: Dispatcher;
  /** The world account of a session (created on first use, with its own phone number). */
  account(sessionKey: string): WorldAccount;
  /** The socket transport's state of a session's account (stanza queues, unknown iqs, Signal). */
  socketState(sessionKey: string): SocketAccountState;
  /** Adds a transport (e.g. the fake WhatsApp Web page); returns its removal. */
  addTransport(transport: SimulatorTransport): () => void;
  /** Sets the history the phone syncs after the session's first login. */
  seedHistory(sessionKey: string, seed: HistorySeed): void;
  /**
   * The phone scans the QR a client showed (a Baileys socket, or a page of an added transport);
   * resolves once the pairing is done (for Baileys: signed, before the 515 restart). Rejects with
   * an error whose `code` is `QR_NOT_SHOWN` when no client shows this QR (any more).
   */
  scanQr(sessionKey: string, qr: string): Promise<void>;
  /**
   * The phone enters the pairing code the client got from `requestPairingCode(account(key).phone)`;
   * resolves once the client signed the pairing (before the 515 restart).
   */
  enterPairingCode(sessionKey: string, code: string): Promise<void>;
  /**
   * Makes `creds` (e.g. a fresh `initAuthCreds()`) a device already paired with the session's account,
   * so the client logs in without a QR (sets `creds.me`; the phone's ADV signature is skipped).
   */
  registerCreds(sessionKey: string, creds: AuthenticationCreds): void;
  /** A contact sends a text (plaintext by default; `signal: true` for real Signal). */
  pushIncomingText(
    sessionKey: string,
    chatId: ChatId,
    text: string,
    options?: IncomingOptions,
  ): Promise<PushResult>;
  /** A contact sends any `proto.Message`. */
  pushIncomingMessage(
    sessionKey: string,
    chatId: ChatId,
    message: proto.IMessage,
    options?: IncomingOptions,
  ): Promise<PushResult>;
  /** A contact sends a file (socket transport: encrypted and served by the media host like WhatsApp's). */
  pushIncomingMedia(
    sessionKey: string,
    chatId: ChatId,
    media: MediaInput,
    options?: IncomingOptions,
  ): Promise<PushResult>;
  /** The phone itself sends a file to a chat (the client gets it as `fromMe`). */
  pushPhoneSentMedia(sessionKey: string, chatId: ChatId, media: MediaInput): { id: string };
  /** The message's file answers 410 Gone until the phone re-uploads it (on the client's request). */
  expireMedia(sessionKey: string, messageId: string): void;
  /** Corrupts the message's stored file (its MAC and hashes no longer match). */
  corruptMedia(sessionKey: string, messageId: string): void;
  /** The media host's requests for the session's files, oldest first. */
  mediaRequests(sessionKey: string): MediaRequest[];
  /** A contact edits one of its messages (Baileys emits `messages.update` with the edited text). */
  pushIncomingEdit(
    sessionKey: string,
    chatId: ChatId,
    targetId: string,
    text: string,
    options?: IncomingOptions,
  ): Promise<PushResult>;
  /** A contact deletes one of its messages for everyone (`messages.update`, stub REVOKE). */
  pushIncomingRevoke(
    sessionKey: string,
    chatId: ChatId,
    targetId: string,
    options?: IncomingOptions,
  ): Promise<PushResult>;
  /** The phone itself sends a text to a chat (the client gets it as `fromMe`). */
  pushPhoneSentText(sessionKey: string, chatId: ChatId, text: string): { id: string };
  /** The phone reads incoming messages of a chat: the client gets `read-self` (status READ on those messages). */
  phoneReadMessages(sessionKey: string, chatId: ChatId, ids: string[]): void;
  /** The phone sends another history sync now. */
  pushHistory(sessionKey: string, seed: HistorySeed): void;
  /** The phone archives or unarchives a chat (app-state patch + `server_sync`). */
  phoneSetArchived(sessionKey: string, chatId: ChatId, archived: boolean): Promise<void>;
  /** The phone deletes a chat (app-state patch + `server_sync`). */
  phoneDeleteChat(sessionKey: string, chatId: ChatId): Promise<void>;
  /** Sets (or removes with null) the profile picture URL the server returns. Keep `@` out of URLs. */
  setProfilePicture(sessionKey: string, chatId: ChatId, url: string | null): void;
  /** The world's state of a chat. */
  chatState(sessionKey: string, chatId: ChatId): WorldChatState;
  /** Everything the session's client sent, oldest first. */
  sent(sessionKey: string): SentRecord[];
  /** Whether the session's client is connected and logged in. */
  isOnline(sessionKey: string): boolean;
  /** The most connections of the session's device logged in at the same time so far (see `SocketAccountState.peakLogins`). */
  peakLogins(sessionKey: string): number;
  /** Terminates the session's socket without a goodbye (the client should reconnect). */
  dropConnection(sessionKey: string): void;
  /** Sends one frame of garbage through the session's encrypted transport. */
  sendMalformedFrame(sessionKey: string): void;
  /** Leaves the session's iqs of these namespaces unanswered (empty list: answer everything again). */
  dropIqs(sessionKey: string, xmlns: string[]): void;
  /** The phone unlinks the device: stream error 401, and the credentials no longer log in. */
  logout(sessionKey: string): void;
  close(): Promise<void>;
}
