/**
 * @module Baileys failures → `WaError` (style E5). Baileys throws `Boom` errors: connection ends carry
 * a `DisconnectReason` status code; failed iqs carry the server's error code as numeric `data` (with
 * status 500); query timeouts are 408 "Timed Out". Everything else is `WA_ENGINE_FAILURE`.
 */
import { isWaError, WaError, type WaErrorCode } from "@wa/core";

/** The engine name used in error messages and `WaError.engine`. */
export const ENGINE_NAME = "noweb";

/** Baileys' `DisconnectReason` codes, copied so this module needs no Baileys import. */
export const DisconnectCode = {
  connectionClosed: 428,
  connectionLost: 408,
  connectionReplaced: 440,
  timedOut: 408,
  loggedOut: 401,
  badSession: 500,
  restartRequired: 515,
  multideviceMismatch: 411,
  forbidden: 403,
  unavailableService: 503,
} as const;

/** The fields of a `@hapi/boom` error we read. */
interface BoomLike {
  isBoom: true;
  message: string;
  output?: { statusCode?: number };
  data?: unknown;
}

const isBoom = (value: unknown): value is BoomLike =>
  typeof value === "object" && value !== null && (value as BoomLike).isBoom === true;

const NOT_CONNECTED_CODES: ReadonlySet<number> = new Set([
  DisconnectCode.connectionClosed,
  DisconnectCode.connectionLost,
  DisconnectCode.connectionReplaced,
  DisconnectCode.restartRequired,
  DisconnectCode.unavailableService,
]);

/** The HTTP-like status code of a Baileys error (`output.statusCode`), when it has one. */
export function statusCodeOf(error: unknown): number | undefined {
  return isBoom(error) ? error.output?.statusCode : undefined;
}

/** The server's error code of a failed iq (`item-not-found` → 404), when the error is one. */
export function iqErrorCodeOf(error: unknown): number | undefined {
  return isBoom(error) && typeof error.data === "number" ? error.data : undefined;
}

/** Maps anything Baileys (or our engine) threw to a `WaError` with a specific code where known. */
export function toWaError(error: unknown): WaError {
  if (isWaError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const statusCode = statusCodeOf(error);
  const iqCode = iqErrorCodeOf(error);
  const code = classify(message, statusCode, iqCode);
  const details: Record<string, unknown> = {};
  if (statusCode !== undefined) details.statusCode = statusCode;
  if (iqCode !== undefined) details.iqErrorCode = iqCode;
  return new WaError(code, `[wa:${ENGINE_NAME}] ${message}${hint(code)}`, {
    engine: ENGINE_NAME,
    cause: error,
    ...(Object.keys(details).length > 0 ? { details } : {}),
  });
}

// --- internal ---

function classify(
  message: string,
  statusCode: number | undefined,
  iqCode: number | undefined,
): WaErrorCode {
  if (iqCode !== undefined) return iqCode === 408 ? "WA_ENGINE_TIMEOUT" : "WA_ENGINE_FAILURE";
  if (/timed out|timeout/i.test(message)) return "WA_ENGINE_TIMEOUT";
  if (statusCode === DisconnectCode.loggedOut || statusCode === DisconnectCode.forbidden) {
    return "WA_ENGINE_LOGGED_OUT";
  }
  if (statusCode !== undefined && NOT_CONNECTED_CODES.has(statusCode)) {
    return "WA_ENGINE_NOT_CONNECTED";
  }
  if (/connection (closed|lost|terminated)|websocket is not open|not open/i.test(message)) {
    return "WA_ENGINE_NOT_CONNECTED";
  }
  return "WA_ENGINE_FAILURE";
}

function hint(code: WaErrorCode): string {
  switch (code) {
    case "WA_ENGINE_LOGGED_OUT":
      return " (the device was unlinked: start the session again and scan a new QR)";
    case "WA_ENGINE_NOT_CONNECTED":
      return " (not connected to WhatsApp: wait for status WORKING and retry)";
    case "WA_ENGINE_TIMEOUT":
      return " (WhatsApp did not answer in time: retry)";
    default:
      return "";
  }
}
