/** @module The one error class of `@wa/*` and the catalog of its codes: code → default message. */

/** Every error code, with the message used when none is given. Codes are `WA_<AREA>_<WHAT>`. */
export const ERROR_CATALOG = {
  WA_VALIDATION_FAILED: "The request is invalid.",
  WA_INVALID_CHAT_ID: "The chat id is malformed.",
  WA_INVALID_MESSAGE_ID: "The message id is malformed.",
  WA_INVALID_CURSOR: "The pagination parameters are invalid.",
  WA_SESSION_NOT_FOUND: "Session not found.",
  WA_SESSION_EXISTS: "The session already exists.",
  WA_SESSION_NOT_READY: "The session is not ready.",
  WA_SESSION_NAME_INVALID: "The session name is invalid.",
  WA_SESSION_LIMIT: "The server already holds its maximum number of sessions.",
  WA_CHAT_NOT_FOUND: "Chat not found.",
  WA_MESSAGE_NOT_FOUND: "Message not found",
  WA_EVENT_NOT_FOUND: "Event not found.",
  WA_NO_RECENT_MESSAGE: "The chat has no recent message to anchor the change on.",
  WA_ENGINE_UNSUPPORTED: "The method is not implemented by the engine.",
  WA_ENGINE_NOT_INSTALLED: "The engine package is not installed or not built.",
  WA_ENGINE_UNKNOWN: "Unknown engine.",
  WA_ENGINE_STOPPED: "The engine has been stopped.",
  WA_ENGINE_FAILURE: "The engine failed.",
  WA_ENGINE_TIMEOUT: "The engine did not answer in time.",
  WA_ENGINE_LOGGED_OUT: "The WhatsApp account was logged out.",
  WA_ENGINE_NOT_CONNECTED: "The engine is not connected to WhatsApp.",
  WA_MEDIA_FAILED: "The media could not be downloaded.",
  WA_MEDIA_TOO_LARGE: "The media is larger than the configured limit.",
  WA_FILE_NOT_FOUND: "File not found.",
  WA_AUTH_UNAUTHORIZED: "Unauthorized",
  WA_STORE_FAILURE: "The store failed.",
  WA_SERVER_BUSY: "Too many commands are waiting for this session; retry after a moment.",
} as const;

/** A stable error code; see {@link ERROR_CATALOG}. */
export type WaErrorCode = keyof typeof ERROR_CATALOG;

/** Every code, for drift tests and docs. */
export const ERROR_CODES = Object.keys(ERROR_CATALOG) as WaErrorCode[];

const WA_ERROR_BRAND = Symbol.for("wa.error");

/** Options of {@link WaError}. */
export interface WaErrorOptions {
  /** The engine that raised it, e.g. `"noweb"`. */
  engine?: string;
  /** The original error. */
  cause?: unknown;
  /** A small payload, e.g. the constraint texts of a validation failure. */
  details?: Record<string, unknown>;
}

/** The one error class: a stable `code`, an optional engine, cause and details. */
export class WaError extends Error {
  readonly code: WaErrorCode;
  // `declare`: a plain field would be an own `undefined` property even when the option is absent.
  declare readonly engine?: string;
  declare readonly details?: Record<string, unknown>;
  readonly [WA_ERROR_BRAND] = true;

  constructor(code: WaErrorCode, message?: string, options: WaErrorOptions = {}) {
    super(message ?? ERROR_CATALOG[code], { cause: options.cause });
    this.name = "WaError";
    this.code = code;
    if (options.engine !== undefined) this.engine = options.engine;
    if (options.details !== undefined) this.details = options.details;
  }
}

/** True for a {@link WaError}, even one built by another copy of this package. */
export function isWaError(value: unknown): value is WaError {
  return typeof value === "object" && value !== null && WA_ERROR_BRAND in value;
}

/** Wraps anything thrown into a {@link WaError}, keeping WaErrors as they are. */
export function toWaError(value: unknown, engine?: string): WaError {
  if (isWaError(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  const prefix = engine ? `[wa:${engine}] ` : "";
  return new WaError("WA_ENGINE_FAILURE", `${prefix}${message}`, { engine, cause: value });
}

/** A validation failure with the constraint texts WAHA puts in its 400 `message` array. */
export function validationError(...constraints: string[]): WaError {
  return new WaError("WA_VALIDATION_FAILED", constraints.join("; "), {
    details: { constraints },
  });
}
