/**
 * @module `createWebjsEngine`: the WEBJS engine over whatsapp-web.js `1.34.7` as a plain object
 * (style C2): one Chromium per session, its LocalAuth profile under `dataDir`. The library is
 * imported lazily on `start()` (so creating an engine, e.g. for `GET /engine`, launches nothing);
 * tests inject `clientFactory`. Where the page comes from (`webVersionCache`) and Chromium's flags
 * are options, so contract tests point it at the loopback fake page of `@wa/sandbox`.
 */
import { resolve } from "node:path";
import {
  createSentIds,
  type EngineContext,
  type EngineFactory,
  type MessageKey,
  type WaEngine,
  WaError,
} from "@wa/core";
import type { ClientOptions } from "whatsapp-web.js";
import { capabilities } from "./capabilities.ts";
import { createCommands } from "./commands.ts";
import { ENGINE_NAME, toWaError } from "./errors.ts";
import {
  BASE_CHROMIUM_ARGS,
  type ClientFactory,
  defaultChromiumPath,
  loadWebjs,
} from "./library.ts";
import { createMediaReader } from "./media.ts";
import { profileDir } from "./profile.ts";
import { openSession, type Session } from "./session.ts";

/** Where whatsapp-web.js gets the WhatsApp Web page (its `webVersionCache`). */
export type WebVersionCache =
  | { type: "local"; path?: string; strict?: boolean }
  | { type: "remote"; remotePath: string; strict?: boolean }
  | { type: "none" };

/** Options of {@link createWebjsEngine}. */
export interface WebjsOptions {
  /** Makes the whatsapp-web.js client. Default: the library's `Client`, imported lazily. */
  clientFactory?: ClientFactory;
  /** Chromium. @default `CHROMIUM_PATH`, `PUPPETEER_EXECUTABLE_PATH`, or `/usr/bin/chromium` */
  executablePath?: string;
  /** More Chromium flags (after the engine's own headless and quiet ones). */
  args?: string[];
  /** Where the sessions' Chromium profiles live (`session-<name>`). @default `./.sessions/webjs` */
  dataDir?: string;
  /** The WhatsApp Web version to load. @default whatsapp-web.js' default */
  webVersion?: string;
  /** Where the page comes from. @default `{ type: "local", path: <dataDir>/.wwebjs_cache }` */
  webVersionCache?: WebVersionCache;
  /** Newest messages per chat stored when the session is ready. @default 100 */
  syncMessages?: number;
  /** How often a dead browser is restarted before the session fails. @default 3 */
  maxRestarts?: number;
  /** Any other whatsapp-web.js client option (wins over the ones above). */
  clientOptions?: Partial<ClientOptions>;
}

/** Makes a WEBJS engine. */
export const createWebjsEngine: EngineFactory<WebjsOptions> = (options = {}) => {
  const sentIds = createSentIds();
  const dataDir = resolve(options.dataDir ?? "./.sessions/webjs");
  let session: Session | undefined;
  let context: EngineContext | undefined;

  const live = (): Session => {
    if (!session) {
      throw new WaError(
        "WA_ENGINE_NOT_CONNECTED",
        `[wa:${ENGINE_NAME}] the engine is not started.`,
        {
          engine: ENGINE_NAME,
        },
      );
    }
    return session;
  };

  const commands = createCommands({
    session: live,
    sentIds,
    getMessage: (key: MessageKey) => context?.messages.getMessage(key) ?? Promise.resolve(null),
  });

  const engine: WaEngine = {
    info: { name: ENGINE_NAME, library: "whatsapp-web.js", version: "1.34.7" },
    capabilities,
    async start(ctx) {
      if (session && session.status !== "STOPPED" && session.status !== "FAILED") return;
      try {
        context = ctx;
        const factory = options.clientFactory ?? (await libraryFactory());
        session = openSession({
          ctx,
          createClient: factory,
          clientOptions: await clientOptions(options, dataDir, ctx.session),
          profile: profileDir(dataDir, ctx.session),
          sentIds,
          syncMessages: options.syncMessages ?? 100,
          maxRestarts: options.maxRestarts ?? 3,
        });
      } catch (error) {
        throw toWaError(error);
      }
    },
    async stop() {
      await session?.stop();
    },
    async logout() {
      if (session) await session.logout();
      else await context?.authState.clear();
    },
    ...commands,
    ...createMediaReader({ client: () => live().client() }),
    getInstance: () => session?.rawClient(),
  };
  return engine;
};

/** The same factory under the name the server's engine registry imports. */
export const createEngine = createWebjsEngine;

// --- internal ---

async function libraryFactory(): Promise<ClientFactory> {
  const lib = await loadWebjs();
  return (clientOptions) => new lib.Client(clientOptions);
}

async function clientOptions(
  options: WebjsOptions,
  dataDir: string,
  session: string,
): Promise<ClientOptions> {
  const lib = options.clientFactory ? null : await loadWebjs();
  const authStrategy = lib
    ? new lib.LocalAuth({ clientId: session, dataPath: dataDir })
    : undefined;
  return {
    ...(authStrategy ? { authStrategy } : {}),
    ...(options.webVersion ? { webVersion: options.webVersion } : {}),
    webVersionCache: (options.webVersionCache ?? {
      type: "local",
      path: `${dataDir}/.wwebjs_cache`,
    }) as never,
    puppeteer: {
      executablePath: options.executablePath ?? defaultChromiumPath(),
      // A pipe instead of a WebSocket: Chromium exits with this process, even on SIGKILL.
      pipe: true,
      headless: true,
      args: [...BASE_CHROMIUM_ARGS, ...(options.args ?? [])],
    },
    ...options.clientOptions,
  } as ClientOptions;
}
