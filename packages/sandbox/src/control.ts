/**
 * @module The simulator's control API for tests: start a loopback WhatsApp server, then act as the
 * phone and the contacts of each session (scan the QR, seed history, send messages, change chats) and
 * inspect what the client did. Every per-session call takes the test's `sessionKey` first. The API's
 * types are in `control-api.ts` (re-exported here, where its users import them from).
 */
import type { ChatId, SeedMedia } from "@wa/core";
import pino from "pino";
import { Agent } from "undici";
import type { PushResult, Simulator, SimulatorOptions, SimulatorTransport } from "./control-api.ts";
import { keptSimulator } from "./persist/kept-simulator.ts";
import { readSnapshot, snapshotFile } from "./persist/snapshot-file.ts";
import { restoreAccounts, snapshotWorld } from "./persist/world-snapshot.ts";
import { SIMULATOR_CERT_ROOT_PUBLIC_KEY } from "./server/cert.ts";
import { liveConnection } from "./server/context.ts";
import { startMediaHost } from "./server/media/media-host.ts";
import { type IncomingOptions, incomingMessage } from "./server/messages.ts";
import { completePairing, isBaileysQr, parseQr } from "./server/pairing.ts";
import { enterPairingCode } from "./server/pairing-code.ts";
import { startServer } from "./server/server.ts";
import { socketStateOf } from "./server/socket-state.ts";
import { socketTransport } from "./server/socket-transport.ts";
import type { WorldChange } from "./world/changes.ts";
import { newMessageId } from "./world/ids.ts";
import {
  applyChatAction,
  applySeed,
  recordEdit,
  recordIncoming,
  recordPhoneSent,
  recordRevoke,
} from "./world/ops.ts";
import { chatOf, createWorld } from "./world/world.ts";

export type {
  MediaInput,
  PushResult,
  Simulator,
  SimulatorOptions,
  SimulatorTransport,
} from "./control-api.ts";

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
