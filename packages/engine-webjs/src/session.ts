/**
 * @module One WEBJS session: a whatsapp-web.js client (one Chromium) whose events become domain events
 * through one serial queue, the session status (WORKING only at `ready`, never at `authenticated`:
 * WAHA #486), the sync into the store on ready, and recovery when the browser dies.
 */
import {
  createSerialQueue,
  type DomainEvent,
  type EngineContext,
  type SentIds,
  type SessionMe,
  type SessionStatus,
  WaError,
} from "@wa/core";
import type { Client, ClientOptions } from "whatsapp-web.js";
import { type ClientEventSubscriber, onMessageAndChatEvents } from "./client-events.ts";
import { createCommandEchoes, type EchoKind } from "./command-echoes.ts";
import { ENGINE_NAME } from "./errors.ts";
import type { ClientFactory } from "./library.ts";
import { widText } from "./map/message.ts";
import { forgetLogin, prepareProfile, recordPaired } from "./profile.ts";
import { syncStore } from "./sync.ts";

/** What a session needs. */
export interface SessionDeps {
  ctx: EngineContext;
  createClient: ClientFactory;
  clientOptions: ClientOptions;
  /** LocalAuth's profile directory of this session. */
  profile: string;
  sentIds: SentIds;
  /** Newest messages per chat synced on ready. */
  syncMessages: number;
  /** Restarts of a dead browser before the session fails. */
  maxRestarts: number;
}

/** A running session. */
export interface Session {
  readonly status: SessionStatus;
  readonly me: SessionMe | undefined;
  /** The client; throws `WA_ENGINE_NOT_CONNECTED` unless WORKING. */
  client(): Client;
  /** The client whatever the status (pairing codes are asked for before login). */
  rawClient(): Client | undefined;
  /** Queues a domain event behind the ones being applied; resolves once it is stored. */
  emit(event: DomainEvent): Promise<void>;
  /** Runs `send`; fromMe messages that arrive meanwhile wait until its id is known (source `api`). */
  trackSend<T>(send: Promise<T>): Promise<T>;
  /** Skips the library's echo of our own archive or delete of a chat (the command emits it). */
  expectEcho(kind: EchoKind, chatId: string, value?: boolean): void;
  stop(): Promise<void>;
  logout(): Promise<void>;
}

/** Starts the first client of a session. */
export function openSession(deps: SessionDeps): Session {
  const { ctx } = deps;
  const log = ctx.logger.child({ engine: ENGINE_NAME, session: ctx.session });
  const queue = createSerialQueue((error) =>
    log.error({ err: error }, "webjs event handler failed"),
  );
  const echoes = createCommandEchoes();
  const sends = new Set<Promise<unknown>>();
  let client: Client | undefined;
  let status: SessionStatus = "STARTING";
  let me: SessionMe | undefined;
  let ready = false;
  let intentional = false;
  let restarts = 0;
  let generation = 0;

  const emitNow = async (event: DomainEvent) => {
    try {
      await ctx.emit(event);
    } catch (error) {
      log.error({ err: error, event: event.type }, "emitting a domain event failed");
    }
  };
  const emit = (event: DomainEvent) => queue.push(() => emitNow(event));
  const setStatus = (next: SessionStatus, extra: Partial<DomainEvent> = {}) => {
    status = next;
    return emitNow({ type: "session.status", status: next, ...extra } as DomainEvent);
  };

  const attach = (current: Client, mine: number) => {
    const on: ClientEventSubscriber = (event, handler) =>
      current.on(event, (...args: unknown[]) => {
        if (mine === generation) void queue.push(() => handler(...args));
      });
    on("qr", (qr: string) => setStatus("SCAN_QR_CODE", { qr }));
    on("ready", async () => {
      ready = true;
      restarts = 0;
      const wid = widText(current.info?.wid as never);
      me = wid ? { id: wid, pushName: current.info?.pushname ?? null } : undefined;
      await recordPaired(ctx.authState, me);
      await setStatus("WORKING", me ? { me } : {});
      await syncStore(current, {
        emit: emitNow,
        syncMessages: deps.syncMessages,
        sentIds: deps.sentIds,
        log,
      });
    });
    on("change_state", async (state: string) => {
      if (state === "CONNECTED" && ready && status !== "WORKING")
        await setStatus("WORKING", me ? { me } : {});
      if (["OPENING", "TIMEOUT", "PAIRING"].includes(state) && status === "WORKING")
        await setStatus("STARTING");
    });
    on("loading_screen", async (percent: number) => {
      if (ready && Number(percent) >= 100) {
        await syncStore(current, {
          emit: emitNow,
          syncMessages: deps.syncMessages,
          sentIds: deps.sentIds,
          log,
        });
      }
    });
    on("disconnected", (reason: string) => onDisconnected(String(reason)));
    on("auth_failure", (message: string) => fail(`authentication failed: ${message}`, true));
    onMessageAndChatEvents(on, { emit: emitNow, sentIds: deps.sentIds, sends, echoes });
  };

  const onDisconnected = async (reason: string) => {
    if (intentional) return;
    log.info({ reason }, "whatsapp-web.js disconnected");
    const loggedOut = ["LOGOUT", "UNPAIRED", "UNPAIRED_IDLE"].includes(reason);
    await fail(loggedOut ? "logged out" : `disconnected: ${reason}`, loggedOut);
  };

  const fail = async (reason: string, clearLogin: boolean) => {
    intentional = true;
    const current = client;
    client = undefined;
    generation++;
    await current?.destroy().catch((error: unknown) => log.warn({ err: error }, "destroy failed"));
    if (clearLogin) await forgetLogin(deps.profile, ctx.authState);
    await setStatus("FAILED", { reason });
  };

  /** The browser died (killed, crashed): start a new one, or fail after too many tries. */
  const onBrowserGone = async (mine: number) => {
    if (intentional || mine !== generation) return;
    generation++;
    client = undefined;
    ready = false;
    if (restarts >= deps.maxRestarts) {
      await setStatus("FAILED", { reason: `the browser died ${restarts + 1} times` });
      return;
    }
    restarts++;
    log.warn({ restarts }, "the browser died; starting a new one");
    await setStatus("STARTING");
    await launch();
  };

  const launch = async () => {
    const mine = ++generation;
    try {
      await prepareProfile(deps.profile, ctx.authState);
      const current = deps.createClient(deps.clientOptions);
      client = current;
      attach(current, mine);
      await current.initialize();
      if (mine !== generation) return;
      const browser = current.pupBrowser;
      browser?.once("disconnected", () => void queue.push(() => onBrowserGone(mine)));
      if (browser && !browser.connected) await onBrowserGone(mine);
    } catch (error) {
      if (mine !== generation || intentional) return;
      log.error({ err: error }, "the whatsapp-web.js client failed to start");
      const reason = error instanceof Error ? error.message : String(error);
      if (deps.clientOptions.puppeteer?.executablePath && /ENOENT|Failed to launch/i.test(reason)) {
        await fail(
          `Chromium could not start (${reason}): install it (apt-get install -y chromium) or set CHROMIUM_PATH`,
          false,
        );
        return;
      }
      if (restarts < deps.maxRestarts && client) return onBrowserGone(mine);
      await fail(`start failed: ${reason}`, false);
    }
  };

  void queue.push(async () => {
    await setStatus("STARTING");
    void launch();
  });

  return {
    get status() {
      return status;
    },
    get me() {
      return me;
    },
    client() {
      if (!client || status !== "WORKING") {
        throw new WaError(
          "WA_ENGINE_NOT_CONNECTED",
          `[wa:${ENGINE_NAME}] session '${ctx.session}' is ${status}, not WORKING: wait for it to connect and retry.`,
          { engine: ENGINE_NAME, details: { status } },
        );
      }
      return client;
    },
    rawClient: () => client,
    emit,
    async trackSend(send) {
      sends.add(send);
      try {
        return await send;
      } finally {
        sends.delete(send);
      }
    },
    expectEcho: echoes.expect,
    async stop() {
      if (intentional) return queue.idle();
      intentional = true;
      generation++;
      const current = client;
      client = undefined;
      await current
        ?.destroy()
        .catch((error: unknown) => log.warn({ err: error }, "destroy failed"));
      await queue.push(() => setStatus("STOPPED"));
    },
    async logout() {
      intentional = true;
      generation++;
      const current = client;
      client = undefined;
      if (current && status === "WORKING") {
        await current.logout().catch((error: unknown) => log.warn({ err: error }, "logout failed"));
      }
      await current?.destroy().catch(() => undefined);
      await queue.push(async () => {
        await forgetLogin(deps.profile, ctx.authState);
        await setStatus("FAILED", { reason: "logged out" });
      });
    },
  };
}
