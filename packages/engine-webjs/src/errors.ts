/**
 * @module whatsapp-web.js failures → `WaError` (style E5). The library throws plain `Error`s from
 * puppeteer (a closed browser or page, a destroyed context), errors re-thrown from the page
 * (`Evaluation failed: …`, a `ServerStatusCodeError` with a status), and sometimes bare strings
 * (`'auth timeout'`). Everything else is `WA_ENGINE_FAILURE`.
 */
import { isWaError, WaError, type WaErrorCode } from "@wa/core";

/** The engine name used in error messages and `WaError.engine`. */
export const ENGINE_NAME = "webjs";

/** Maps anything whatsapp-web.js, puppeteer or the page threw to a `WaError`. */
export function toWaError(error: unknown): WaError {
  if (isWaError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = classify(message);
  return new WaError(code, `[wa:${ENGINE_NAME}] ${message}${hint(code)}`, {
    engine: ENGINE_NAME,
    cause: error,
  });
}

/** Whether an error means the browser or its page is gone (the session must restart it). */
export function isBrowserGone(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return BROWSER_GONE.test(message);
}

// --- internal ---

const BROWSER_GONE =
  /target closed|session closed|browser has disconnected|detached frame|execution context was destroyed|connection closed|protocol error.*(closed|detached)|browser is not connected|not connected \(|connection lost/i;

function classify(message: string): WaErrorCode {
  if (/auth timeout|ready timeout|timed? ?out/i.test(message)) return "WA_ENGINE_TIMEOUT";
  if (BROWSER_GONE.test(message)) return "WA_ENGINE_NOT_CONNECTED";
  if (/logged out|unpaired|status 401/i.test(message)) return "WA_ENGINE_LOGGED_OUT";
  return "WA_ENGINE_FAILURE";
}

function hint(code: WaErrorCode): string {
  switch (code) {
    case "WA_ENGINE_LOGGED_OUT":
      return " (the device was unlinked: start the session again and scan a new QR)";
    case "WA_ENGINE_NOT_CONNECTED":
      return " (the browser or WhatsApp Web is not connected: wait for status WORKING and retry)";
    case "WA_ENGINE_TIMEOUT":
      return " (WhatsApp Web did not answer in time: retry)";
    default:
      return "";
  }
}
