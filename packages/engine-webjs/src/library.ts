/**
 * @module The parts of whatsapp-web.js (1.34.7, pinned) the engine uses, loaded lazily, and the
 * client options built from the engine options: Chromium path and flags, one LocalAuth profile per
 * session, and the page source (`webVersionCache`).
 */
import type { Client, ClientOptions } from "whatsapp-web.js";

/** The library's module (CommonJS; only what the engine touches). */
export interface WebjsModule {
  Client: new (options: ClientOptions) => Client;
  LocalAuth: new (options: {
    clientId?: string;
    dataPath?: string;
  }) => NonNullable<ClientOptions["authStrategy"]>;
}

/** Makes a client; tests pass a fake. */
export type ClientFactory = (options: ClientOptions) => Client;

/** Imports whatsapp-web.js (and so puppeteer) only when a WEBJS session starts. */
export async function loadWebjs(): Promise<WebjsModule> {
  const module = (await import("whatsapp-web.js")) as unknown as {
    default?: WebjsModule;
  } & WebjsModule;
  return module.default ?? module;
}

/**
 * Flags of every browser: headless without a GPU, nothing Chromium does on its own in the
 * background (updates, sync, metrics), and no QUIC. Memory: one renderer per site is enough; the
 * (software) GPU work runs in the browser process instead of a process of its own; and headless
 * Chromium still preloads the address bar's popup (`chrome://omnibox-popup.top-chrome/`) in a
 * renderer of its own, about 40 MB PSS that a page never uses (puppeteer merges this
 * `--disable-features` with its own and the caller's).
 */
export const BASE_CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--disable-extensions",
  "--no-first-run",
  "--disable-quic",
  "--disable-breakpad",
  "--metrics-recording-only",
  "--mute-audio",
  "--renderer-process-limit=1",
  "--in-process-gpu",
  "--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup",
] as const;

/** Where Chromium lives unless the options say: `CHROMIUM_PATH`, `PUPPETEER_EXECUTABLE_PATH`, Debian's. */
export function defaultChromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH || env.PUPPETEER_EXECUTABLE_PATH || "/usr/bin/chromium";
}
