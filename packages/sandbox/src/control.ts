/**
 * @module The simulator's control API for tests: start a loopback WhatsApp server, then act as the
 * phone and the contacts of each session (scan the QR, seed history, send messages, change chats) and
 * inspect what the client did. Every per-session call takes the test's `sessionKey` first.
 */
import type { ChatId } from "@wa/core";
import type { HistorySeed, SentRecord, WorldChatState } from "@wa/engine-testkit";
import type { AuthenticationCreds, proto } from "@whiskeysockets/baileys";
import pino, { type Logger } from "pino";
import { phoneMutation } from "./server/app-state.ts";
import { SIMULATOR_CERT_ROOT_PUBLIC_KEY } from "./server/cert.ts";
import { liveConnection } from "./server/context.ts";
import { sendHistory } from "./server/login.ts";
import {
  contactEdit,
  contactRevoke,
  type IncomingOptions,
  incomingMessage,
  phoneSentMessage,
  readSelfReceipt,
  type WireKind,
} from "./server/messages.ts";
import { completePairing, parseQr } from "./server/pairing.ts";
import { enterPairingCode } from "./server/pairing-code.ts";
import { startServer } from "./server/server.ts";
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
}

/** What a pushed message became: its id, and how it travelled. */
export interface PushResult {
  id: string;
  wire: WireKind;
}

/** A running simulator. */
export interface Simulator {
  /** `ws://127.0.0.1:<port>/ws/chat`: pass as Baileys' `waWebSocketUrl`. */
  url: string;
  /** Pin this as `WA_CERT_DETAILS.PUBLIC_KEY` (or call `pinSimulatorCertRoot()`). */
  certRootPublicKey: Buffer;
  world: World;
  /** The world account of a session (created on first use, with its own phone number). */
  account(sessionKey: string): WorldAccount;
  /** Sets the history the phone syncs after the session's first login. */
  seedHistory(sessionKey: string, seed: HistorySeed): void;
  /** The phone scans the QR the client emitted; resolves once the client signed the pairing (before the 515 restart). */
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
  const world = createWorld();
  const server = await startServer({
    port: options.port,
    world,
    logger,
    receiptDelayMs: options.receiptDelayMs ?? 150,
    historyChunkSize: options.historyChunkSize ?? 100,
    historyChunkDelayMs: options.historyChunkDelayMs ?? 0,
  });
  const { ctx } = server;
  const live = (key: string) => liveConnection(ctx, world.account(key));

  const push = async (
    key: string,
    chatId: ChatId,
    message: proto.IMessage,
    opts?: IncomingOptions,
  ) => {
    const account = world.account(key);
    const { id, node, wire } = await incomingMessage(account, chatId, message, opts);
    ctx.deliver(account, node);
    return { id, wire };
  };
  const mutate = async (
    key: string,
    chatId: ChatId,
    modification: Parameters<typeof phoneMutation>[2],
  ) => {
    const account = world.account(key);
    ctx.deliver(account, await phoneMutation(account, chatId, modification));
  };

  return {
    url: server.url,
    certRootPublicKey: SIMULATOR_CERT_ROOT_PUBLIC_KEY,
    world,
    account: (key) => world.account(key),
    seedHistory(key, seed) {
      world.account(key).historySeed = seed;
    },
    async scanQr(key, qr) {
      const parsed = parseQr(qr);
      const conn = ctx.pairing.get(parsed.noiseKeyB64);
      if (!conn) throw new Error("simulator: no client waiting for pairing shows this QR");
      await completePairing(conn, world.account(key), parsed);
    },
    registerCreds(key, creds) {
      const account = world.account(key);
      creds.me = {
        id: `${account.phone}:${account.deviceId}@s.whatsapp.net`,
        lid: `${account.lid}:${account.deviceId}@lid`,
        name: account.pushName,
      };
      account.paired = true;
    },
    enterPairingCode: (key, code) => enterPairingCode(ctx.linkCodes, world.account(key), code),
    pushIncomingText: (key, chatId, text, opts) => push(key, chatId, { conversation: text }, opts),
    pushIncomingMessage: push,
    pushIncomingEdit: (key, chatId, targetId, text, opts) =>
      push(key, chatId, contactEdit(chatId, targetId, text, opts?.participant), opts),
    pushIncomingRevoke: (key, chatId, targetId, opts) =>
      push(key, chatId, contactRevoke(chatId, targetId, opts?.participant), opts),
    pushPhoneSentText(key, chatId, text) {
      const account = world.account(key);
      const { id, node } = phoneSentMessage(account, chatId, text);
      ctx.deliver(account, node);
      return { id };
    },
    phoneReadMessages(key, chatId, ids) {
      const account = world.account(key);
      ctx.deliver(account, readSelfReceipt(account, chatId, ids));
    },
    pushHistory(key, seed) {
      sendHistory(ctx, world.account(key), seed);
    },
    async phoneSetArchived(key, chatId, archived) {
      chatOf(world.account(key), chatId).state.archived = archived;
      await mutate(key, chatId, { archive: archived, lastMessages: [] });
    },
    async phoneDeleteChat(key, chatId) {
      const chat = chatOf(world.account(key), chatId);
      chat.state.deleted = true;
      chat.messages = [];
      await mutate(key, chatId, { delete: true, lastMessages: [] });
    },
    setProfilePicture(key, chatId, url) {
      world.account(key).pictures.set(chatId, url);
    },
    chatState: (key, chatId) => ({ ...chatOf(world.account(key), chatId).state }),
    sent: (key) => [...world.account(key).sent],
    isOnline: (key) => live(key) !== undefined,
    dropConnection(key) {
      for (const conn of ctx.connectionsOf(world.account(key))) conn.drop();
    },
    sendMalformedFrame(key) {
      live(key)?.sendRawFrame(Buffer.from([0, 0xf8, 0xff, 0x13, 0x37]));
    },
    dropIqs(key, xmlns) {
      const dropped = world.account(key).droppedIqs;
      dropped.clear();
      for (const ns of xmlns) dropped.add(ns);
    },
    logout(key) {
      const account = world.account(key);
      account.paired = false;
      for (const conn of ctx.connectionsOf(account)) {
        conn.send({
          tag: "stream:error",
          attrs: { code: "401" },
          content: [{ tag: "conflict", attrs: { type: "device_removed" } }],
        });
      }
    },
    close: () => server.close(),
  };
}
