/**
 * @module Webhook configuration (waha-compat §6.4): a session's `config.webhooks[]` and the global
 * webhook of WAHA's `WHATSAPP_HOOK_*` variables, checked and turned into delivery targets. Every
 * problem is a 400 `WA_VALIDATION_FAILED` that names the field and says what to send instead.
 */
import { parseEventNames, validationError, WaError } from "@wa/core";

/** How failed deliveries are retried (WAHA's `RetriesConfiguration`). */
export interface RetrySettings {
  policy: "constant" | "linear" | "exponential";
  delaySeconds: number;
  /** Retries after the first attempt (WAHA's `attempts`): up to `attempts + 1` POSTs. */
  attempts: number;
}

/** One place events are POSTed to. */
export interface WebhookTarget {
  /** Its key in the store: `config:<url>` (session config) or `env:<url>` (global). */
  key: string;
  url: string;
  /** The event names it receives (`*` expanded). */
  events: ReadonlySet<string>;
  /** Signs each body (WAHA's HMAC and Standard Webhooks) when set. */
  hmacKey: string | null;
  retries: RetrySettings;
  customHeaders: ReadonlyArray<readonly [name: string, value: string]>;
}

/** WAHA's default: 15 retries, 2 s apart. */
export const DEFAULT_RETRIES: RetrySettings = { policy: "constant", delaySeconds: 2, attempts: 15 };

const POLICIES = ["constant", "linear", "exponential"] as const;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers we set ourselves: a custom header may not replace them. */
const RESERVED_HEADERS = /^(content-type|content-length|host|x-webhook-.*|webhook-.*)$/i;

/** The targets of a session config's `webhooks` (none when absent); throws a 400 on bad input. */
export function parseSessionWebhooks(config: Record<string, unknown> | undefined): WebhookTarget[] {
  const list = config?.webhooks;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw validationError("config.webhooks must be an array of webhooks");
  return list.map((item, index) => parseWebhook(item, `config.webhooks[${index}]`, "config"));
}

/**
 * The global webhook of `WHATSAPP_HOOK_URL` and its companions (WAHA's names), or null when the
 * URL is unset. Throws `WA_VALIDATION_FAILED` naming the variable: start-up stops with it.
 */
export function readGlobalWebhook(env: NodeJS.ProcessEnv): WebhookTarget | null {
  const url = env.WHATSAPP_HOOK_URL?.trim();
  if (!url) return null;
  const number = (name: string) =>
    env[name] === undefined || env[name] === "" ? undefined : Number(env[name]);
  const raw = {
    url,
    events: (env.WHATSAPP_HOOK_EVENTS ?? "*").split(",").map((name) => name.trim()),
    hmac: env.WHATSAPP_HOOK_HMAC_KEY ? { key: env.WHATSAPP_HOOK_HMAC_KEY } : undefined,
    retries: {
      policy: env.WHATSAPP_HOOK_RETRIES_POLICY || undefined,
      delaySeconds: number("WHATSAPP_HOOK_RETRIES_DELAY_SECONDS"),
      attempts: number("WHATSAPP_HOOK_RETRIES_ATTEMPTS"),
    },
    customHeaders: parseHeaderList(env.WHATSAPP_HOOK_CUSTOM_HEADERS ?? ""),
  };
  try {
    return parseWebhook(raw, "WHATSAPP_HOOK", "env");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new WaError(
      "WA_VALIDATION_FAILED",
      `The global webhook (WHATSAPP_HOOK_* variables) is invalid: ${reason}`,
      { cause: error },
    );
  }
}

// --- internal ---

function parseWebhook(value: unknown, field: string, scope: "config" | "env"): WebhookTarget {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw validationError(`${field} must be an object with url and events`);
  }
  const item = value as Record<string, unknown>;
  const url = parseUrl(item.url, `${field}.url`);
  if (!Array.isArray(item.events)) {
    throw validationError(
      `${field}.events must be an array of event names, e.g. ["message"] or ["*"]`,
    );
  }
  return {
    key: `${scope}:${url}`,
    url,
    events: parseEventNames(item.events, `${field}.events`),
    hmacKey: parseHmac(item.hmac, `${field}.hmac`),
    retries: parseRetries(item.retries, `${field}.retries`),
    customHeaders: parseCustomHeaders(item.customHeaders, `${field}.customHeaders`),
  };
}

function parseUrl(value: unknown, field: string): string {
  let url: URL | null = null;
  try {
    url = typeof value === "string" ? new URL(value) : null;
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw validationError(`${field} must be an http:// or https:// URL`);
  }
  return url.href;
}

function parseHmac(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  const key = (value as { key?: unknown }).key;
  if (key === undefined || key === null) return null;
  if (typeof key !== "string" || key === "") {
    throw validationError(`${field}.key must be a non-empty string (or leave hmac out)`);
  }
  return key;
}

function parseRetries(value: unknown, field: string): RetrySettings {
  if (value === undefined || value === null) return DEFAULT_RETRIES;
  if (typeof value !== "object") throw validationError(`${field} must be an object`);
  const { policy, delaySeconds, attempts } = value as Record<string, unknown>;
  const settings = { ...DEFAULT_RETRIES };
  if (policy !== undefined && policy !== null) {
    if (!POLICIES.includes(policy as RetrySettings["policy"])) {
      throw validationError(
        `${field}.policy must be one of the following values: ${POLICIES.join(", ")}`,
      );
    }
    settings.policy = policy as RetrySettings["policy"];
  }
  if (delaySeconds !== undefined && delaySeconds !== null) {
    if (typeof delaySeconds !== "number" || !(delaySeconds >= 0) || delaySeconds > 86_400) {
      throw validationError(`${field}.delaySeconds must be a number of seconds from 0 to 86400`);
    }
    settings.delaySeconds = delaySeconds;
  }
  if (attempts !== undefined && attempts !== null) {
    if (!Number.isInteger(attempts) || (attempts as number) < 0 || (attempts as number) > 1000) {
      throw validationError(`${field}.attempts must be an integer from 0 to 1000`);
    }
    settings.attempts = attempts as number;
  }
  return settings;
}

function parseCustomHeaders(value: unknown, field: string): Array<[string, string]> {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw validationError(`${field} must be an array of {name, value}`);
  return value.map((header, index) => {
    const { name, value: text } = (header ?? {}) as Record<string, unknown>;
    if (typeof name !== "string" || !HEADER_NAME.test(name) || RESERVED_HEADERS.test(name)) {
      throw validationError(
        `${field}[${index}].name must be a valid header name other than Content-Type, Host, X-Webhook-* and Webhook-*`,
      );
    }
    if (typeof text !== "string" || /[\r\n\0]/.test(text)) {
      throw validationError(`${field}[${index}].value must be a string without line breaks`);
    }
    return [name, text];
  });
}

/** `Name:Value;Name2:Value2` (WAHA's `WHATSAPP_HOOK_CUSTOM_HEADERS`). */
function parseHeaderList(text: string): Array<{ name: string; value: string }> {
  return text
    .split(";")
    .map((pair) => pair.trim())
    .filter((pair) => pair !== "")
    .map((pair) => {
      const colon = pair.indexOf(":");
      return colon < 0
        ? { name: pair, value: "" }
        : { name: pair.slice(0, colon).trim(), value: pair.slice(colon + 1).trim() };
    });
}
