/**
 * @module Media settings from the environment: WAHA's variables (`WHATSAPP_DOWNLOAD_MEDIA`,
 * `WHATSAPP_FILES_MIMETYPES`, `WHATSAPP_FILES_LIFETIME`, `WHATSAPP_FILES_FOLDER`, `WAHA_BASE_URL`)
 * and ours, which bound what one download may cost (`WA_MEDIA_MAX_BYTES`, `WA_MEDIA_CONCURRENCY`,
 * `WA_MEDIA_TIMEOUT_MS`), and where files are kept (`storage-settings.ts`).
 */
import { join, resolve } from "node:path";
import { WaError } from "@wa/core";
import { type MediaStorageSettings, readStorageSettings } from "./storage-settings.ts";

/** How media is downloaded, kept and served. */
export interface MediaSettings {
  /** `WHATSAPP_DOWNLOAD_MEDIA` (default true): false keeps every `media` null, whatever the query. */
  enabled: boolean;
  /** `WHATSAPP_FILES_MIMETYPES`: only these mimetypes (or prefixes, e.g. `image`) are downloaded. */
  mimetypes: string[] | null;
  /** `WHATSAPP_FILES_LIFETIME` in seconds (WAHA: 180); 0 keeps files forever. */
  lifetimeSeconds: number;
  /** `WHATSAPP_FILES_FOLDER`: where files live, one folder per session. Default `<data dir>/files`. */
  folder: string;
  /** `WAHA_BASE_URL`: the origin of file URLs; null uses the request's own. */
  baseUrl: string | null;
  /** `WA_MEDIA_MAX_BYTES`: larger files are refused (`WA_MEDIA_TOO_LARGE`). Default 100 MiB. */
  maxBytes: number;
  /** `WA_MEDIA_CONCURRENCY`: downloads at once across sessions. Default 4. */
  concurrency: number;
  /** `WA_MEDIA_TIMEOUT_MS`: one download's bound once it started. Default 60 000. */
  timeoutMs: number;
  /** How long a failed download is reported without trying again, in ms. Default 60 000. */
  retryAfterMs: number;
  /** `WAHA_MEDIA_STORAGE` and `WAHA_S3_*`: the local folder (default) or an S3 bucket. */
  storage: MediaStorageSettings;
}

/** The defaults, given the data directory. */
export function defaultMediaSettings(dataDir: string): MediaSettings {
  return {
    enabled: true,
    mimetypes: null,
    lifetimeSeconds: 180,
    folder: join(resolve(dataDir), "files"),
    baseUrl: null,
    maxBytes: 100 * 1024 * 1024,
    concurrency: 4,
    timeoutMs: 60_000,
    retryAfterMs: 60_000,
    storage: { kind: "local" },
  };
}

/** Reads the media settings; a malformed number stops the server with the variable's name. */
export function readMediaSettings(env: NodeJS.ProcessEnv, dataDir: string): MediaSettings {
  const defaults = defaultMediaSettings(dataDir);
  const mimetypes = (env.WHATSAPP_FILES_MIMETYPES ?? "")
    .split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== "");
  return {
    enabled: env.WHATSAPP_DOWNLOAD_MEDIA?.trim().toLowerCase() !== "false",
    mimetypes: mimetypes.length > 0 ? mimetypes : null,
    lifetimeSeconds: count(env, "WHATSAPP_FILES_LIFETIME", defaults.lifetimeSeconds, 0),
    folder: env.WHATSAPP_FILES_FOLDER ? resolve(env.WHATSAPP_FILES_FOLDER) : defaults.folder,
    baseUrl: env.WAHA_BASE_URL?.trim().replace(/\/+$/, "") || null,
    maxBytes: count(env, "WA_MEDIA_MAX_BYTES", defaults.maxBytes, 1),
    concurrency: count(env, "WA_MEDIA_CONCURRENCY", defaults.concurrency, 1),
    timeoutMs: count(env, "WA_MEDIA_TIMEOUT_MS", defaults.timeoutMs, 1),
    retryAfterMs: defaults.retryAfterMs,
    storage: readStorageSettings(env),
  };
}

/** Whether the settings let a file of this mimetype be downloaded (parameters such as codecs ignored). */
export function allowsMimetype(settings: MediaSettings, mimetype: string): boolean {
  if (!settings.mimetypes) return true;
  const bare = mimetype.split(";")[0]?.trim().toLowerCase() ?? "";
  return settings.mimetypes.some(
    (entry) => bare === entry || bare.startsWith(entry.replace(/\/?$/, "/")),
  );
}

// --- internal ---

function count(env: NodeJS.ProcessEnv, name: string, fallback: number, minimum: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new WaError(
      "WA_VALIDATION_FAILED",
      `${name} must be a whole number of at least ${minimum}, got '${text}'.`,
    );
  }
  return value;
}
