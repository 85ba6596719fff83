/**
 * @module The simulator's control API for tests: start a loopback WhatsApp server, then act as the
 * phone and the contacts of each session (scan the QR, seed history, send messages, change chats) and
 * inspect what the client did. Every per-session call takes the test's `sessionKey` first.
 */
import type { ChatId, HistorySeed, SeedMedia, SentRecord, WorldChatState } from "@wa/core";
import type { AuthenticationCreds, proto } from "@whiskeysockets/baileys";
import pino, { type Logger } from "pino";
import { Agent, type Dispatcher } from "undici";
import { keptSimulator } from "./persist/kept-simulator.ts";
import { readSnapshot, snapshotFile } from "./persist/snapshot-file.ts";
import { restoreAccounts, snapshotWorld } from "./persist/world-snapshot.ts";
import { SIMULATOR_CERT_ROOT_PUBLIC_KEY } from "./server/cert.ts";
import { liveConnection } from "./server/context.ts";
import { type MediaRequest, startMediaHost } from "./server/media/media-host.ts";
import { type IncomingOptions, incomingMessage, type WireKind } from "./server/messages.ts";
import { completePairing, isBaileysQr, parseQr } from "./server/pairing.ts";
import { enterPairingCode } from "./server/pairing-code.ts";
import { startServer } from "./server/server.ts";
import { type SocketAccountState, socketStateOf } from "./server/socket-state.ts";
import { socketTransport } from "./server/socket-transport.ts";
import type { ChangeListener, WorldChange } from "./world/changes.ts";
import { newMessageId } from "./world/ids.ts";
import {
  applyChatAction,
  applySeed,
  recordEdit,
  recordIncoming,
  recordPhoneSent,
  recordRevoke,
} from "./world/ops.ts";
import type { WorldAccount } from "./world/types.ts";
import { chatOf, createWorld, type World } from "./world/world.ts";

/** Options of {@link createSimulator}. */
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

/** Starts a simulator on 127.0.0.1. */
export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const logger = options.logger ?? pino({ level: "silent" });
  const saved = options.snapshotFile ? await readSnapshot(options.snapshotFile) : null;
  const world = createWorld(undefined, saved ? readableSnapshot(options.snapshotFile, saved) : []);
  const file =
    options.snapshotFile === undefined
      ? undefined
      : snapshotFile(
          options.snapshotFile,
          () => snapshotWorld(world),
          (error) => logger.error({ err: error }, "simulator: the world snapshot was not written"),
        );
  const media = await startMediaHost();
  const mediaDispatcher = new Agent({ connect: { ca: media.certificate } });
  const server = await startServer({
    port: options.port,
    world,
    logger,
    receiptDelayMs: options.receiptDelayMs ?? 150,
    historyChunkSize: options.historyChunkSize ?? 100,
    historyChunkDelayMs: options.historyChunkDelayMs ?? 0,
    media,
    onChange: file?.changed,
  });
  const { ctx } = server;
  const transports = new Set<SimulatorTransport>();
  world.subscribe(socketTransport(ctx));
  const live = (key: string) => liveConnection(ctx, world.account(key));
  const publish = (key: string, change: WorldChange) => world.publish(world.account(key), change);

  /** A contact's message, already in the model, goes out; resolves with how it travelled. */
  const pushText = async (
    key: string,
    chatId: ChatId,
    text: string | undefined,
    opts: IncomingOptions = {},
    file?: SeedMedia,
  ) => {
    const account = world.account(key);
    const message = recordIncoming(account, chatId, { ...opts, text, media: file });
    const { wire } = await world.publish(account, {
      type: "message",
      chatId,
      message,
      signal: opts.signal,
    });
    return { id: message.id, wire: (wire ?? "plaintext") as PushResult["wire"] };
  };

  const simulator: Simulator = {
    url: server.url,
    certRootPublicKey: SIMULATOR_CERT_ROOT_PUBLIC_KEY,
    world,
    mediaHost: media.host,
    mediaCertificate: media.certificate,
    mediaDispatcher,
    account: (key) => world.account(key),
    socketState: (key) => socketStateOf(world.account(key)),
    addTransport(transport) {
      transports.add(transport);
      const unsubscribe = world.subscribe(transport.onChange);
      return () => {
        transports.delete(transport);
        unsubscribe();
      };
    },
    seedHistory(key, seed) {
      world.account(key).historySeed = seed;
    },
    async scanQr(key, qr) {
      const account = world.account(key);
      for (const transport of transports) if (await transport.scanQr(account, qr)) return;
      // Not Baileys' QR format: a page's QR that no page shows any more.
      const parsed = isBaileysQr(qr) ? parseQr(qr) : null;
      const conn = parsed && ctx.pairing.get(parsed.noiseKeyB64);
      if (!parsed || !conn) {
        throw Object.assign(new Error("simulator: no client waiting for pairing shows this QR"), {
          code: "QR_NOT_SHOWN",
        });
      }
      // Claimed at once: a second scan of the same QR (e.g. auto-pairing racing a test) finds none.
      ctx.pairing.delete(parsed.noiseKeyB64);
      await completePairing(conn, account, parsed);
    },
    registerCreds(key, creds) {
      const account = world.account(key);
      creds.me = {
        id: `${account.phone}:${account.deviceId}@s.whatsapp.net`,
        lid: `${account.lid}:${account.deviceId}@lid`,
        name: account.pushName,
      };
      account.paired = true;
      account.transport = "socket";
    },
    async enterPairingCode(key, code) {
      const account = world.account(key);
      for (const transport of transports) {
        if (await transport.enterPairingCode?.(account, code)) return;
      }
      await enterPairingCode(ctx.linkCodes, account, code);
    },
    pushIncomingText: pushText,
    pushIncomingMedia: (key, chatId, { caption, ...file }, opts) =>
      pushText(key, chatId, caption, opts, file),
    pushPhoneSentMedia(key, chatId, { caption, ...file }) {
      const message = recordPhoneSent(world.account(key), chatId, caption ?? "", file);
      void publish(key, { type: "message", chatId, message });
      return { id: message.id };
    },
    expireMedia: (key, messageId) => media.expire(key, messageId),
    corruptMedia: (key, messageId) => media.corrupt(key, messageId),
    mediaRequests: (key) => media.requests(key),
    async pushIncomingMessage(key, chatId, message, opts) {
      // Any proto message: the socket transport only (a page gets texts through pushIncomingText).
      const account = world.account(key);
      const { id, node, wire } = await incomingMessage(account, chatId, message, opts);
      ctx.deliver(account, node);
      return { id, wire };
    },
    async pushIncomingEdit(key, chatId, targetId, text, opts = {}) {
      recordEdit(world.account(key), chatId, targetId, text);
      const id = opts.id ?? newMessageId();
      const { participant } = opts;
      const { wire } = await publish(key, {
        type: "edit",
        chatId,
        targetId,
        text,
        participant,
        id,
      });
      return { id, wire: (wire ?? "plaintext") as PushResult["wire"] };
    },
    async pushIncomingRevoke(key, chatId, targetId, opts = {}) {
      recordRevoke(world.account(key), chatId, targetId);
      const id = opts.id ?? newMessageId();
      const { participant } = opts;
      const { wire } = await publish(key, { type: "revoke", chatId, targetId, participant, id });
      return { id, wire: (wire ?? "plaintext") as PushResult["wire"] };
    },
    pushPhoneSentText(key, chatId, text) {
      const message = recordPhoneSent(world.account(key), chatId, text);
      void publish(key, { type: "message", chatId, message });
      return { id: message.id };
    },
    phoneReadMessages(key, chatId, ids) {
      void publish(key, { type: "read-self", chatId, ids });
    },
    pushHistory(key, seed) {
      applySeed(world.account(key), seed);
      void publish(key, { type: "history", seed });
    },
    async phoneSetArchived(key, chatId, archived) {
      applyChatAction(world.account(key), chatId, archived ? "archive" : "unarchive");
      await publish(key, { type: "archive", chatId, archived });
    },
    async phoneDeleteChat(key, chatId) {
      applyChatAction(world.account(key), chatId, "delete");
      await publish(key, { type: "delete-chat", chatId });
    },
    setProfilePicture(key, chatId, url) {
      world.account(key).pictures.set(chatId, url);
    },
    chatState: (key, chatId) => ({ ...chatOf(world.account(key), chatId).state }),
    sent: (key) => [...world.account(key).sent],
    isOnline(key) {
      const account = world.account(key);
      return live(key) !== undefined || [...transports].some((t) => t.isOnline(account));
    },
    peakLogins: (key) => socketStateOf(world.account(key)).peakLogins,
    dropConnection(key) {
      void publish(key, { type: "drop" });
    },
    sendMalformedFrame(key) {
      live(key)?.sendRawFrame(Buffer.from([0, 0xf8, 0xff, 0x13, 0x37]));
    },
    dropIqs(key, xmlns) {
      const dropped = socketStateOf(world.account(key)).droppedIqs;
      dropped.clear();
      for (const ns of xmlns) dropped.add(ns);
    },
    logout(key) {
      const account = world.account(key);
      account.paired = false;
      void publish(key, { type: "logout" });
    },
    async close() {
      await server.close();
      await media.close();
      await mediaDispatcher.close();
    },
  };
  return file ? keptSimulator(simulator, file) : simulator;
}

// --- internal ---

/** The accounts of a snapshot file, or an error that says which file and what to do. */
function readableSnapshot(file: string | undefined, text: string) {
  try {
    return restoreAccounts(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `simulator: ${file} is not a readable world snapshot (${reason}); move it away to start from an empty world`,
    );
  }
}
