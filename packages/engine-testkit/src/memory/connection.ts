/**
 * @module The memory engine's connection lifecycle: STARTING, pairing by QR or code (or
 * `autoPair`), WORKING with history, reconnects after a drop, stop and logout.
 */
import { type EngineContext, type SessionMe, type SessionStatus, WaError } from "@wa/core";
import { ENGINE_NAME } from "./capabilities.ts";
import { liveMessageEvents } from "./events.ts";
import { toHistoryBatches } from "./history.ts";
import { keyOf } from "./messages.ts";
import { getMemoryWorld } from "./registry.ts";
import type { MemoryWorld } from "./world.ts";
import type { WorldLink } from "./world-link.ts";
import type { WorldClient, WorldSignal } from "./world-state.ts";

/** The auth-state key holding the memory engine's credentials. */
export const CREDS_KEY = "creds";

/** Settings of {@link createMemoryConnection}. */
export interface MemoryConnectionOptions {
  world?: MemoryWorld;
  autoPair: boolean;
  qrRefreshMs: number;
  historyBatchSize: number;
}

/** Extra fields of a status event. */
type StatusExtra = { qr?: string; reason?: string };

/** A live, WORKING connection: what commands run against. */
export interface WorkingConnection {
  context: EngineContext;
  link: WorldLink;
}

/** The lifecycle half of the memory engine. */
export interface MemoryConnection {
  start(context: EngineContext): Promise<void>;
  stop(): Promise<void>;
  logout(): Promise<void>;
  requestPairingCode(phoneNumber: string): Promise<string>;
  /** The connection, or `WA_ENGINE_NOT_CONNECTED` unless WORKING. */
  working(): WorkingConnection;
  readonly world: MemoryWorld | null;
}

/** Creates the lifecycle state machine of one memory engine. */
export function createMemoryConnection(options: MemoryConnectionOptions): MemoryConnection {
  let context: EngineContext | null = null;
  let world: MemoryWorld | null = options.world ?? null;
  let link: WorldLink | null = null;
  let status: SessionStatus = "STOPPED";
  let me: SessionMe | null = null;
  let qrTimer: NodeJS.Timeout | null = null;
  // Bumped by start, stop and logout: an async flow of an older generation (a pairing or
  // reconnect still awaiting emits) must not touch the state of the newer one.
  let generation = 0;

  const setStatus = async (gen: number, next: SessionStatus, extra: StatusExtra = {}) => {
    if (gen !== generation) return;
    status = next;
    const withMe = next === "WORKING" && me ? { me } : {};
    await context?.emit({ type: "session.status", status: next, ...extra, ...withMe });
  };
  const stopQrTimer = () => {
    if (qrTimer) clearInterval(qrTimer);
    qrTimer = null;
  };
  const showQr = async (gen: number) => {
    if (link && gen === generation) await setStatus(gen, "SCAN_QR_CODE", { qr: link.issueQr() });
  };
  const goWorking = async (gen: number, account: SessionMe, withHistory: boolean) => {
    me = account;
    // The history is what the phone held as it paired. A message arriving once WORKING is shown
    // comes live only, as on WhatsApp; in the history too, it was stored without its event.
    const history =
      withHistory && link ? toHistoryBatches(link.snapshot(), options.historyBatchSize) : [];
    await setStatus(gen, "WORKING");
    if (gen !== generation || !link) return;
    if (withHistory) {
      for (const batch of history) {
        if (gen !== generation) return;
        await context?.emit(batch);
      }
    }
    if (gen === generation) await link.goOnline();
  };
  const pair = async (gen: number, account: SessionMe) => {
    stopQrTimer();
    const creds = JSON.stringify({ me: account, platform: ENGINE_NAME, pairedAt: Date.now() });
    await context?.authState.setMany([[CREDS_KEY, creds]]);
    await goWorking(gen, account, true);
  };
  const reconnect = async (gen: number, client: WorldClient) => {
    if (status !== "WORKING" || !world || !me) return;
    link?.close();
    link = world.connect(client);
    await setStatus(gen, "STARTING");
    await goWorking(gen, me, false);
  };
  const makeClient = (gen: number): WorldClient => {
    const client: WorldClient = {
      async receive(signal) {
        if (!context || gen !== generation) return;
        if (signal.type === "paired") return pair(gen, signal.me);
        if (signal.type === "drop") return reconnect(gen, client);
        for (const event of signalEvents(signal)) await context.emit(event);
      },
    };
    return client;
  };
  const disconnect = () => {
    generation += 1;
    stopQrTimer();
    link?.close();
    link = null;
  };

  return {
    get world() {
      return world;
    },
    async start(ctx) {
      disconnect();
      const gen = generation;
      context = ctx;
      world ??= getMemoryWorld(ctx.session);
      link = world.connect(makeClient(gen));
      await setStatus(gen, "STARTING");
      const stored = await readCreds(ctx);
      if (stored) return goWorking(gen, stored, false);
      if (options.autoPair) return pair(gen, link.me);
      await showQr(gen);
      if (options.qrRefreshMs > 0 && gen === generation) {
        qrTimer = setInterval(() => {
          showQr(gen).catch((error: unknown) => ctx.logger.warn({ error }, "QR refresh failed"));
        }, options.qrRefreshMs);
        qrTimer.unref();
      }
    },
    async stop() {
      disconnect();
      status = "STOPPED";
    },
    /** Running: unlinks and reports FAILED, as WAHA does; stopped: only forgets the credentials. */
    async logout() {
      if (!context) throw notConnected(status);
      const ctx = context;
      const wasRunning = link !== null;
      link?.unlink();
      disconnect();
      me = null;
      await ctx.authState.clear();
      if (!wasRunning) return;
      status = "FAILED";
      await ctx.emit({ type: "session.status", status: "FAILED", reason: "logged out" });
    },
    async requestPairingCode(phoneNumber) {
      if (!/^\+?[\d\s-]{6,20}$/.test(phoneNumber))
        throw new WaError(
          "WA_VALIDATION_FAILED",
          `[wa:${ENGINE_NAME}] '${phoneNumber}' is not a phone number; use digits with the country code.`,
        );
      if (status !== "SCAN_QR_CODE" || !link)
        throw new WaError(
          "WA_SESSION_NOT_READY",
          `[wa:${ENGINE_NAME}] a pairing code needs a session waiting for pairing (SCAN_QR_CODE); it is ${status}.`,
          {
            engine: ENGINE_NAME,
            details: { status, expected: ["SCAN_QR_CODE"] },
          },
        );
      return link.issuePairingCode();
    },
    working() {
      if (status !== "WORKING" || !context || !link) throw notConnected(status);
      return { context, link };
    },
  };
}

// --- internal ---

function signalEvents(signal: WorldSignal) {
  if (signal.type === "incoming")
    return liveMessageEvents(signal.chat, signal.message, signal.isNewChat);
  if (signal.type === "ack")
    return [{ type: "message.ack" as const, key: keyOf(signal.message), ack: signal.ack }];
  if (signal.type === "archive")
    return [
      {
        type: "chat.archive" as const,
        chatId: signal.chatId,
        archived: signal.archived,
        timestamp: signal.timestamp,
      },
    ];
  if (signal.type === "delete") return [{ type: "chat.delete" as const, chatId: signal.chatId }];
  return [];
}

async function readCreds(context: EngineContext): Promise<SessionMe | null> {
  const text = await context.authState.get(CREDS_KEY);
  if (!text) return null;
  try {
    const creds = JSON.parse(text) as { me?: SessionMe };
    return creds.me?.id ? creds.me : null;
  } catch (error) {
    context.logger.warn({ error }, "unreadable memory credentials; pairing again");
    return null;
  }
}

function notConnected(status: SessionStatus): WaError {
  return new WaError(
    "WA_ENGINE_NOT_CONNECTED",
    `[wa:${ENGINE_NAME}] the session is ${status}, not WORKING; pair it (scan the QR) or wait for the reconnect, then retry.`,
    { engine: ENGINE_NAME, details: { status } },
  );
}
