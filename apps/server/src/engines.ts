/**
 * @module The engine registry (style H4): engine name → lazy import, so only the selected engine's
 * library is ever loaded. A module that fails to load becomes `WA_ENGINE_NOT_INSTALLED`.
 */
import { type EngineFactory, type EngineLogger, WaError } from "@wa/core";

/** What the server hands an engine factory. */
export interface EngineOptions {
  /** The session name (validated). */
  session: string;
  /** The session's WAHA config (`noweb`, `metadata`, ...). */
  config: Record<string, unknown>;
  logger: EngineLogger;
}

/** What every engine module exports. */
export interface EngineModule {
  createEngine: EngineFactory<EngineOptions>;
}

/** Engine name (lower case) → loader. */
export type EngineRegistry = Record<string, () => Promise<EngineModule>>;

// Specifiers in variables: the compiler does not type-check engines the server may never load,
// and a missing package fails at run time (WA_ENGINE_NOT_INSTALLED), never at build time.
const NOWEB_MODULE = "@wa/engine-noweb";
const WEBJS_MODULE = "@wa/engine-webjs";
const MEMORY_MODULE = "@wa/engine-testkit";

/**
 * Where NOWEB connects, for every session: a loopback simulator (sandbox mode, end-to-end tests)
 * instead of WhatsApp. Empty means WhatsApp itself.
 */
export interface NowebConnection {
  /** Baileys' `waWebSocketUrl`, e.g. `ws://127.0.0.1:PORT/ws/chat`. */
  waWebSocketUrl?: string;
  /** The simulator's root key, pinned in place of WhatsApp's (process-wide). */
  certPublicKey?: Uint8Array;
  /** An undici dispatcher trusting the simulator's media host (NOWEB's `mediaDispatcher`). */
  mediaDispatcher?: object;
}

/**
 * How WEBJS sessions run, for every session: Chromium, where profiles live, and where the WhatsApp
 * Web page comes from (a loopback fake page in sandbox mode and end-to-end tests).
 */
export interface WebjsSettings {
  /** Directory of the sessions' Chromium profiles (`<WA_DATA_DIR>/webjs`). */
  dataDir?: string;
  /** Chromium (`CHROMIUM_PATH`); the engine defaults to `/usr/bin/chromium`. */
  executablePath?: string;
  /** Extra Chromium flags. */
  args?: string[];
  /** `webVersion` of whatsapp-web.js. */
  webVersion?: string;
  /** `webVersionCache.remotePath` (`WA_WEBJS_PAGE_URL`), e.g. the sandbox's fake page. */
  remotePath?: string;
  /** Newest messages per chat stored when WhatsApp Web is ready (`WA_WEBJS_SYNC_MESSAGES`). */
  syncMessages?: number;
}

/** The built-in engines, NOWEB connecting where `noweb` says, WEBJS running as `webjs` says. */
export function createEngineRegistry(
  noweb: NowebConnection = {},
  webjs: WebjsSettings = {},
): EngineRegistry {
  return {
    webjs: async () => {
      const module = expectFactory("webjs", await import(WEBJS_MODULE), "createEngine");
      return { createEngine: () => module.createEngine(webjsOptions(webjs) as never) };
    },
    noweb: async () => {
      const module = expectFactory("noweb", await import(NOWEB_MODULE), "createEngine");
      return {
        createEngine: (options) =>
          module.createEngine({ ...nowebOptions(options.config), ...noweb } as never),
      };
    },
    memory: loadMemoryEngine,
  };
}

/** The built-in engines connecting to WhatsApp. */
export const DEFAULT_ENGINES: EngineRegistry = createEngineRegistry();

/** Lower-cases an engine name and checks it is registered; unknown names are a 400. */
export function resolveEngineName(registry: EngineRegistry, name: string): string {
  const key = name.trim().toLowerCase();
  if (Object.hasOwn(registry, key)) return key;
  throw new WaError(
    "WA_ENGINE_UNKNOWN",
    `Unknown engine '${name}'. Use one of: ${Object.keys(registry).join(", ")}.`,
  );
}

/** Loads an engine module; any failure becomes `WA_ENGINE_NOT_INSTALLED` with a clear message. */
export async function loadEngine(registry: EngineRegistry, name: string): Promise<EngineModule> {
  const loader = registry[resolveEngineName(registry, name)];
  try {
    if (!loader) throw new Error("no loader");
    return await loader();
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new WaError(
      "WA_ENGINE_NOT_INSTALLED",
      `[wa:${name}] The '${name}' engine could not be loaded (${detail}). Install and build its package (pnpm build), or choose another engine.`,
      { engine: name, cause },
    );
  }
}

// --- internal ---

async function loadMemoryEngine(): Promise<EngineModule> {
  const memory = expectFactory("memory", await import(MEMORY_MODULE), "createMemoryEngine");
  // The memory engine pairs at once unless `config.memory.autoPair` is false (then use the QR).
  return {
    createEngine: (options) => {
      const settings = (options.config.memory ?? {}) as Record<string, unknown>;
      return memory.createEngine({ autoPair: true, ...settings } as never);
    },
  };
}

/** WAHA's `config.noweb` settings as NOWEB engine options (waha-compat §4.2). */
function nowebOptions(config: Record<string, unknown>): Record<string, unknown> {
  const noweb = (config.noweb ?? {}) as { markOnline?: unknown; store?: { fullSync?: unknown } };
  const options: Record<string, unknown> = {};
  if (typeof noweb.markOnline === "boolean") options.markOnlineOnConnect = noweb.markOnline;
  if (typeof noweb.store?.fullSync === "boolean") options.syncFullHistory = noweb.store.fullSync;
  return options;
}

/** WEBJS engine options of the server's settings. */
function webjsOptions(settings: WebjsSettings): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  if (settings.dataDir) options.dataDir = settings.dataDir;
  if (settings.executablePath) options.executablePath = settings.executablePath;
  if (settings.args) options.args = settings.args;
  if (settings.webVersion) options.webVersion = settings.webVersion;
  if (settings.syncMessages !== undefined) options.syncMessages = settings.syncMessages;
  if (settings.remotePath) {
    options.webVersionCache = { type: "remote", remotePath: settings.remotePath, strict: true };
  }
  return options;
}

function expectFactory(name: string, module: unknown, exportName: string): EngineModule {
  const factory = (module as Record<string, unknown>)[exportName];
  if (typeof factory !== "function") {
    throw new Error(`the '${name}' engine module does not export ${exportName}()`);
  }
  return { createEngine: factory as EngineFactory<EngineOptions> };
}
