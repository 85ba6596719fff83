/** @module Server configuration from the environment (WAHA's variable names where they exist). */
import { hostname } from "node:os";
import { resolve } from "node:path";
import { WaError } from "@wa/core";
import { Agent } from "undici";
import { generateApiKey, isWeakApiKey } from "./auth.ts";
import type { NowebConnection, WebjsSettings } from "./engines.ts";
import { type MediaSettings, readMediaSettings } from "./media/settings.ts";
import { DEFAULT_WRITE_LIMITS, type WriteLimits } from "./sessions/write-limiter.ts";

/** The resolved configuration. */
export interface ServerConfig {
  port: number;
  host: string;
  /** Where the SQLite store lives (`WA_DATA_DIR`). */
  dataDir: string;
  /** The API key, or null when authentication is disabled. */
  apiKey: string | null;
  /** True when the key was generated because none (or a weak one) was set; print it once. */
  apiKeyGenerated: boolean;
  /** Paths left open (`WHATSAPP_API_KEY_EXCLUDE_PATH` / `WAHA_API_KEY_EXCLUDE_PATH`, comma-separated). */
  apiKeyExcludePaths: string[];
  /** Lower-case default engine name. */
  defaultEngine: string;
  /** Minimum delay between restoring two sessions after a restart, in ms (`WA_RESTORE_STAGGER_MS`). */
  restoreStaggerMs: number;
  /** Sessions logging in at once while restoring after a restart (`WA_RESTORE_CONCURRENCY`). */
  restoreConcurrency: number;
  /** Where NOWEB connects (`WA_NOWEB_WS_URL`, `WA_NOWEB_CERT_PUBLIC_KEY`, `WA_NOWEB_MEDIA_CA`); empty for WhatsApp. */
  noweb: NowebConnection;
  /** How WEBJS sessions run (`CHROMIUM_PATH`, `WA_WEBJS_PAGE_URL`, `WA_WEBJS_VERSION`, `WA_WEBJS_CHROMIUM_ARGS`, `WA_WEBJS_SYNC_MESSAGES`). */
  webjs: WebjsSettings;
  /** `WA_SANDBOX`: run the loopback WhatsApp simulator in this process and point NOWEB at it. */
  sandbox: boolean;
  /** `WA_SANDBOX_AUTO_PAIR` (default true): the simulated phone scans every QR by itself. */
  sandboxAutoPair: boolean;
  /** True when `WA_DATA_DIR` was set (sandbox mode keeps its store in memory otherwise). */
  dataDirSet: boolean;
  /** Media downloads and files (`WHATSAPP_DOWNLOAD_MEDIA`, `WHATSAPP_FILES_*`, `WA_MEDIA_*`). */
  media: MediaSettings;
  /** Sessions that may exist at once (`WA_MAX_SESSIONS`); 0 for no limit. */
  maxSessions: number;
  /** Each session's command lane (`WA_SESSION_WRITE_CONCURRENCY`, `_QUEUE`, `_MAX_WAIT_MS`). */
  writeLimits: WriteLimits;
  /** Several instances sharing a PostgreSQL database (`WA_DATABASE_URL=postgres://…`); null otherwise. */
  cluster: ClusterConfig | null;
}

/** How this instance joins the others on one PostgreSQL database. */
export interface ClusterConfig {
  databaseUrl: string;
  /** Where the other instances reach this one (`WA_INSTANCE_ADDRESS`); @default from the listen address */
  address: string;
  /** How long a session lease holds without renewal (`WA_LEASE_TTL_MS`, at least 3000). */
  leaseTtlMs: number;
  /** True when `WA_INSTANCE_ADDRESS` is not set: the address follows the port actually listened on. */
  addressFromListen: boolean;
}

/** Reads the configuration; a missing or weak API key is replaced by a generated one. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const configuredKey = env.WAHA_API_KEY ?? env.WHATSAPP_API_KEY;
  const noKey = env.WAHA_NO_API_KEY?.toLowerCase() === "true";
  const generated = !noKey && isWeakApiKey(configuredKey);
  const dataDir = env.WA_DATA_DIR || "./.sessions";
  return {
    port: toPort(env.PORT ?? env.WHATSAPP_API_PORT, 3000),
    host: env.HOST || env.WHATSAPP_API_HOSTNAME || "0.0.0.0",
    dataDir,
    apiKey: noKey ? null : generated ? generateApiKey() : (configuredKey ?? "").trim(),
    apiKeyGenerated: generated,
    apiKeyExcludePaths: (env.WHATSAPP_API_KEY_EXCLUDE_PATH ?? env.WAHA_API_KEY_EXCLUDE_PATH ?? "")
      .split(",")
      .map((path) => path.trim())
      .filter((path) => path !== ""),
    defaultEngine: (env.WHATSAPP_DEFAULT_ENGINE || "noweb").toLowerCase(),
    restoreStaggerMs: toPort(env.WA_RESTORE_STAGGER_MS, 0),
    restoreConcurrency: Math.max(1, toPort(env.WA_RESTORE_CONCURRENCY, 2)),
    noweb: readNowebConnection(env),
    webjs: readWebjsSettings(env, dataDir),
    sandbox: isTrue(env.WA_SANDBOX),
    sandboxAutoPair: env.WA_SANDBOX_AUTO_PAIR === undefined || isTrue(env.WA_SANDBOX_AUTO_PAIR),
    dataDirSet: Boolean(env.WA_DATA_DIR),
    media: readMediaSettings(env, dataDir),
    maxSessions: toPort(env.WA_MAX_SESSIONS, 0),
    writeLimits: {
      concurrency: Math.max(
        1,
        toPort(env.WA_SESSION_WRITE_CONCURRENCY, DEFAULT_WRITE_LIMITS.concurrency),
      ),
      queue: toPort(env.WA_SESSION_WRITE_QUEUE, DEFAULT_WRITE_LIMITS.queue),
      maxWaitMs: toPort(env.WA_SESSION_WRITE_MAX_WAIT_MS, DEFAULT_WRITE_LIMITS.maxWaitMs),
      retryAfterSeconds: DEFAULT_WRITE_LIMITS.retryAfterSeconds,
    },
    cluster: readClusterConfig(env, toPort(env.PORT ?? env.WHATSAPP_API_PORT, 3000)),
  };
}

/** The cluster settings, when `WA_DATABASE_URL` names a PostgreSQL database. */
function readClusterConfig(env: NodeJS.ProcessEnv, port: number): ClusterConfig | null {
  const databaseUrl = env.WA_DATABASE_URL?.trim() ?? "";
  if (databaseUrl === "") return null;
  if (!isDatabaseUrl(databaseUrl)) {
    // The value is not echoed: it may hold a password.
    throw new WaError(
      "WA_VALIDATION_FAILED",
      "WA_DATABASE_URL must be a PostgreSQL URL, e.g. postgres://user:password@db.internal:5432/wa (special characters in the password percent-encoded)",
    );
  }
  const host = env.HOST || env.WHATSAPP_API_HOSTNAME || "0.0.0.0";
  // Listening on every interface says nothing about the reachable one: the host name does.
  const reachable = host === "0.0.0.0" || host === "::" ? hostname() : host;
  const address = (env.WA_INSTANCE_ADDRESS?.trim() || `http://${reachable}:${port}`).replace(
    /\/+$/,
    "",
  );
  if (!/^https?:\/\/[^/]+/i.test(address)) {
    throw new WaError(
      "WA_VALIDATION_FAILED",
      "WA_INSTANCE_ADDRESS must be this instance's base URL as the other instances reach it, e.g. http://10.0.0.5:3000",
    );
  }
  return {
    databaseUrl,
    address,
    leaseTtlMs: Math.max(3000, toPort(env.WA_LEASE_TTL_MS, 8000)),
    addressFromListen: !env.WA_INSTANCE_ADDRESS?.trim(),
  };
}

// --- internal ---

function isDatabaseUrl(value: string): boolean {
  if (!/^postgres(ql)?:\/\//i.test(value)) return false;
  try {
    return new URL(value).hostname !== "";
  } catch {
    return false;
  }
}

function isTrue(value: string | undefined): boolean {
  return ["1", "true", "yes"].includes((value ?? "").trim().toLowerCase());
}

/** A loopback simulator's URL and root key (hex, 32 bytes); a bad key stops the server at start. */
function readNowebConnection(env: NodeJS.ProcessEnv): NowebConnection {
  const connection: NowebConnection = {};
  if (env.WA_NOWEB_WS_URL) connection.waWebSocketUrl = env.WA_NOWEB_WS_URL;
  const key = env.WA_NOWEB_CERT_PUBLIC_KEY?.trim();
  if (key) {
    if (!/^[0-9a-f]{64}$/i.test(key)) {
      throw new WaError(
        "WA_VALIDATION_FAILED",
        "WA_NOWEB_CERT_PUBLIC_KEY must be 64 hex characters (a 32-byte Curve25519 public key).",
      );
    }
    connection.certPublicKey = Buffer.from(key, "hex");
  }
  // The simulator's media host certificate (PEM), trusted for NOWEB's media downloads only.
  const mediaCa = env.WA_NOWEB_MEDIA_CA?.trim();
  if (mediaCa) {
    if (!mediaCa.includes("-----BEGIN CERTIFICATE-----")) {
      throw new WaError(
        "WA_VALIDATION_FAILED",
        "WA_NOWEB_MEDIA_CA must be a PEM certificate (-----BEGIN CERTIFICATE----- …).",
      );
    }
    connection.mediaDispatcher = new Agent({ connect: { ca: mediaCa } });
  }
  return connection;
}

/** WEBJS settings; profiles live in `<data dir>/webjs`. */
function readWebjsSettings(env: NodeJS.ProcessEnv, dataDir: string): WebjsSettings {
  const settings: WebjsSettings = { dataDir: resolve(dataDir, "webjs") };
  const executablePath = env.CHROMIUM_PATH || env.PUPPETEER_EXECUTABLE_PATH;
  if (executablePath) settings.executablePath = executablePath;
  if (env.WA_WEBJS_PAGE_URL) settings.remotePath = env.WA_WEBJS_PAGE_URL;
  if (env.WA_WEBJS_VERSION) settings.webVersion = env.WA_WEBJS_VERSION;
  const syncMessages = toPort(env.WA_WEBJS_SYNC_MESSAGES, -1);
  if (syncMessages >= 0) settings.syncMessages = syncMessages;
  const args = parseArgs(env.WA_WEBJS_CHROMIUM_ARGS);
  if (args.length) settings.args = args;
  return settings;
}

/** Flags separated by spaces, or a JSON array of strings (for flags that contain spaces). */
function parseArgs(value: string | undefined): string[] {
  const text = value?.trim() ?? "";
  if (!text.startsWith("[")) return text.split(/\s+/).filter(Boolean);
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || !parsed.every((arg) => typeof arg === "string")) {
    throw new WaError(
      "WA_VALIDATION_FAILED",
      "WA_WEBJS_CHROMIUM_ARGS must be a JSON array of strings.",
    );
  }
  return parsed;
}

function toPort(value: string | undefined, fallback: number): number {
  const number = Number(value);
  return value && Number.isInteger(number) && number >= 0 ? number : fallback;
}
