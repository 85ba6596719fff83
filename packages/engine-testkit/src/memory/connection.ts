/**
 * @module The memory engine's connection lifecycle: STARTING, pairing by QR or code (or
 * `autoPair`), WORKING with history, reconnects after a drop, stop and logout.
 */
import { type EngineContext, type SessionMe, type SessionStatus, WaError } from "@wa/core";
import { ENGINE_NAME } from "./capabilities.ts";
import { liveMessageEvents } from "./events.ts";
import { toHistoryBatch } from "./history.ts";
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
}

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

  const setStatus = async (next: SessionStatus, extra: { qr?: string; reason?: string } = {}) => {
    status = next;
    await context?.emit({
      type: "session.status",
      status: next,
      ...extra,
      ...(next === "WORKING" && me ? { me } : {}),
    });
  };
  const stopQrTimer = () => {
    if (qrTimer) clearInterval(qrTimer);
    qrTimer = null;
  };
  const showQr = async () => {
    if (link) await setStatus("SCAN_QR_CODE", { qr: link.issueQr() });
  };
  const goWorking = async (account: SessionMe, withHistory: boolean) => {
    stopQrTimer();
    me = account;
    await setStatus("WORKING");
    if (withHistory && link) await context?.emit(toHistoryBatch(link.snapshot()));
    await link?.goOnline();
  };
  const pair = async (account: SessionMe) => {
    const creds = JSON.stringify({ me: account, platform: ENGINE_NAME, pairedAt: Date.now() });
    await context?.authState.setMany([[CREDS_KEY, creds]]);
    await goWorking(account, true);
  };
  const reconnect = async (client: WorldClient) => {
    if (status !== "WORKING" || !world || !me) return;
    link?.close();
    link = world.connect(client);
    await setStatus("STARTING");
    await goWorking(me, false);
  };
  const makeClient = (): WorldClient => {
    const client: WorldClient = {
      async receive(signal) {
        if (!context || link === null) return;
        if (signal.type === "paired") return pair(signal.me);
        if (signal.type === "drop") return reconnect(client);
        for (const event of signalEvents(signal)) await context.emit(event);
      },
    };
    return client;
  };

  return {
    get world() {
      return world;
    },
    async start(ctx) {
      stopQrTimer();
      link?.close();
      context = ctx;
      world ??= getMemoryWorld(ctx.session);
      link = world.connect(makeClient());
      await setStatus("STARTING");
      const stored = await readCreds(ctx);
      if (stored) return goWorking(stored, false);
      if (options.autoPair) return pair(link.me);
      await showQr();
      if (options.qrRefreshMs > 0) {
        qrTimer = setInterval(() => {
          showQr().catch((error: unknown) => ctx.logger.warn({ error }, "QR refresh failed"));
        }, options.qrRefreshMs);
        qrTimer.unref();
      }
    },
    async stop() {
      stopQrTimer();
      link?.close();
      link = null;
      status = "STOPPED";
    },
    async logout() {
      if (!context || !link) throw notConnected(status);
      const ctx = context;
      stopQrTimer();
      link.unlink();
      link.close();
      link = null;
      me = null;
      await ctx.authState.clear();
      await setStatus("FAILED", { reason: "logged out" });
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
