/**
 * @module `createNowebEngine`: the NOWEB engine over Baileys `7.0.0-rc14` as a plain object (style C2).
 * Baileys is imported lazily on `start()`; tests inject `socketFactory`. Connection settings
 * (`waWebSocketUrl`, cert pin, agents) are options so contract tests can use a loopback simulator.
 */
import type { Agent } from "node:https";
import {
  type EngineContext,
  type EngineFactory,
  type EngineLogger,
  type MessageKey,
  type WaEngine,
  WaError,
} from "@wa/core";
import { loadAuthState } from "./auth-state.ts";
import {
  type BaileysModule,
  loadBaileys,
  type SocketConfig,
  type SocketFactory,
} from "./baileys.ts";

/** The pino-compatible logger Baileys takes. */
export type BaileysLogger = NonNullable<SocketConfig["logger"]>;

import { capabilities } from "./capabilities.ts";
import { createCommands } from "./commands.ts";
import { openConnection } from "./connection.ts";
import type { ReconnectOptions } from "./connection-policy.ts";
import type { Connection } from "./connection-types.ts";
import { ENGINE_NAME, toWaError } from "./errors.ts";
import type { HistoryBacklogOptions } from "./history-backlog.ts";
import { createLibraryTimers } from "./library-timers.ts";
import { createMediaReader } from "./media.ts";
import { createOwnArchives } from "./own-archives.ts";
import { createSentIds } from "./sent-ids.ts";

/** Options of {@link createNowebEngine}. */
export interface NowebOptions {
  /** Makes the Baileys socket. Default: Baileys' `makeWASocket`, imported lazily. */
  socketFactory?: SocketFactory;
  /** WhatsApp's WebSocket URL; point it at a loopback simulator in tests. */
  waWebSocketUrl?: string | URL;
  /**
   * Replaces Baileys' pinned WhatsApp root key (`WA_CERT_DETAILS.PUBLIC_KEY`, 32 bytes) in place,
   * so a simulator's own certificate chain verifies. The bytes, or them in base64 as the
   * `wa-sandbox` CLI prints them. Process-wide: for sandboxes only.
   */
  certPublicKey?: Uint8Array | string;
  /** A pino-compatible logger for Baileys. Default: the runtime's logger (trace dropped). */
  logger?: BaileysLogger;
  /** Browser tuple shown in "linked devices". */
  browser?: [string, string, string];
  /** Appear online on connect (WAHA default true). */
  markOnlineOnConnect?: boolean;
  /** Ask for the full history (~1 year) instead of ~3 months. @default false */
  syncFullHistory?: boolean;
  /** Backoff for reconnects after a lost connection. */
  reconnect?: ReconnectOptions;
  /** Agent of the WebSocket. */
  agent?: Agent;
  /** Agent for media uploads. */
  fetchAgent?: Agent;
  /** Fetch options for media and history downloads. */
  fetchOptions?: RequestInit;
  /**
   * The undici `Dispatcher` media downloads go through (Baileys passes it to the global `fetch`),
   * e.g. an `Agent` trusting a loopback simulator's media host, the way `waWebSocketUrl` points at
   * its socket. Typed loosely: Node's bundled undici and the `undici` package (7.x, accepted by
   * Node 20's `fetch`) declare different types. Wins over `fetchOptions.dispatcher`.
   */
  mediaDispatcher?: object;
  /** Timeout of Baileys' iq queries (WAHA's value). @default 120000 */
  defaultQueryTimeoutMs?: number;
  /**
   * How long a send waits for Baileys' own copy of the sent message to be applied before emitting it
   * itself (commands resolve once what they sent is stored). @default 2000
   */
  echoTimeoutMs?: number;
  /** Any other Baileys socket setting (wins over the ones above). */
  socketConfig?: Partial<SocketConfig>;
  /**
   * Back-pressure of history sync: above `maxMessages` history messages received and not yet
   * stored (default 20,000), reading from WhatsApp pauses until the store has caught up to half;
   * `onChange` observes the backlog (metrics, tests).
   */
  historyBacklog?: HistoryBacklogOptions;
}

/** WAHA's iq query timeout. */
const DEFAULT_QUERY_TIMEOUT_MS = 120_000;

/** Makes a NOWEB engine. */
export const createNowebEngine: EngineFactory<NowebOptions> = (options = {}) => {
  const sentIds = createSentIds();
  const ownArchives = createOwnArchives();
  const libraryTimers = createLibraryTimers();
  const watchPreKeyTimer = (config: Omit<SocketConfig, "auth">) =>
    config.logger ? { ...config, logger: libraryTimers.watch(config.logger) } : config;
  let baileys: BaileysModule | undefined;
  let connection: Connection | undefined;
  let context: EngineContext | undefined;

  const live = (): Connection => {
    if (!connection) {
      throw new WaError(
        "WA_ENGINE_NOT_CONNECTED",
        `[wa:${ENGINE_NAME}] the engine is not started.`,
        {
          engine: ENGINE_NAME,
        },
      );
    }
    return connection;
  };

  const commands = createCommands({
    connection: live,
    baileys: () => baileys as BaileysModule,
    sentIds,
    echoTimeoutMs: options.echoTimeoutMs ?? 2_000,
    queryTimeoutMs: options.defaultQueryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
    getMessage: (key: MessageKey) => context?.messages.getMessage(key) ?? Promise.resolve(null),
    getNewestMessage: (chatId: string) =>
      context?.messages.getNewestMessage(chatId) ?? Promise.resolve(null),
    ownArchives,
  });

  const engine: WaEngine = {
    info: { name: ENGINE_NAME, library: "baileys", version: "7.0.0-rc14" },
    capabilities,
    async start(ctx) {
      if (connection && connection.status !== "STOPPED" && connection.status !== "FAILED") return;
      try {
        context = ctx;
        const lib = await loadBaileys();
        baileys = lib;
        if (options.certPublicKey) pinCertRoot(lib, options.certPublicKey);
        const auth = await loadAuthState(ctx.authState, lib);
        const makeSocket = options.socketFactory ?? lib.makeWASocket;
        connection = openConnection({
          ctx,
          baileys: lib,
          auth,
          socketFactory: makeSocket,
          socketConfig: watchPreKeyTimer(socketConfig(options, ctx.logger)),
          reconnect: options.reconnect,
          sentIds,
          ownArchives,
          ...(options.historyBacklog ? { historyBacklog: options.historyBacklog } : {}),
        });
      } catch (error) {
        throw toWaError(error);
      }
    },
    async stop() {
      await connection?.stop();
      libraryTimers.release();
    },
    async logout() {
      if (connection) await connection.logout();
      else await context?.authState.clear();
      libraryTimers.release();
    },
    ...commands,
    ...createMediaReader({
      // A connection exists only once Baileys is loaded; before that, live() throws.
      baileys: () => {
        live();
        return baileys as BaileysModule;
      },
      socket: () => live().socket(),
      fetchOptions: mediaFetchOptions(options),
    }),
    getInstance: () => connection?.rawSocket(),
  };
  return engine;
};

/** Overwrites Baileys' pinned root key in place (it is one shared Buffer; research note §3.3). */
function pinCertRoot(lib: BaileysModule, option: Uint8Array | string): void {
  const pinned = lib.WA_CERT_DETAILS.PUBLIC_KEY;
  const key = typeof option === "string" ? Buffer.from(option, "base64") : option;
  if (key.length !== pinned.length) {
    throw new WaError(
      "WA_VALIDATION_FAILED",
      `[wa:${ENGINE_NAME}] option 'certPublicKey' must be a ${pinned.length}-byte Curve25519 public key (bytes, or base64 as wa-sandbox prints it), got ${key.length} bytes.`,
      { engine: ENGINE_NAME },
    );
  }
  pinned.set(key);
}

/** The Baileys socket config of the options (WAHA's settings where it has them, §4.2). */
function socketConfig(options: NowebOptions, logger: EngineLogger): Omit<SocketConfig, "auth"> {
  const config: Omit<SocketConfig, "auth"> = {
    logger:
      options.logger ?? toBaileysLogger(logger.child({ engine: ENGINE_NAME, library: "baileys" })),
    markOnlineOnConnect: options.markOnlineOnConnect ?? true,
    syncFullHistory: options.syncFullHistory ?? false,
    defaultQueryTimeoutMs: options.defaultQueryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
    keepAliveIntervalMs: 30_000,
  };
  if (options.waWebSocketUrl) config.waWebSocketUrl = options.waWebSocketUrl;
  if (options.browser) config.browser = options.browser;
  if (options.agent) config.agent = options.agent;
  if (options.fetchAgent) config.fetchAgent = options.fetchAgent;
  if (options.fetchOptions) config.options = options.fetchOptions;
  return { ...config, ...options.socketConfig };
}

/** The fetch options of media downloads: `fetchOptions` with the media dispatcher. */
function mediaFetchOptions(options: NowebOptions): RequestInit | undefined {
  if (!options.mediaDispatcher) return options.fetchOptions;
  return { ...options.fetchOptions, dispatcher: options.mediaDispatcher } as RequestInit;
}

/** Our logger with the `trace` and `level` Baileys wants; trace is dropped (Baileys is chatty). */
export function toBaileysLogger(logger: EngineLogger): BaileysLogger {
  return {
    level: "debug",
    trace() {},
    debug: (obj, msg) => logger.debug(obj, msg),
    info: (obj, msg) => logger.info(obj, msg),
    warn: (obj, msg) => logger.warn(obj, msg),
    error: (obj, msg) => logger.error(obj, msg),
    child: (bindings) => toBaileysLogger(logger.child(bindings)),
  };
}

/** The same factory under the name the server's engine registry imports. */
export const createEngine = createNowebEngine;
