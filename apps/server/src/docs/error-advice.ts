/** @module What each error code means for a client and what to do about it: the text of docs/errors.md. */
import type { WaErrorCode } from "@wa/core";

/** Codes the HTTP layer adds on top of the core catalog. */
export const SERVER_ERROR_CODES = {
  WA_ROUTE_NOT_FOUND: { status: 404, message: "Route <METHOD>:<url> not found" },
  WA_INTERNAL_ERROR: { status: 500, message: "Internal Server Error" },
} as const;

/** One sentence of advice per code; `satisfies` makes a new code a compile error until documented. */
export const ERROR_ADVICE = {
  WA_VALIDATION_FAILED:
    "A parameter, query value or body field is invalid; `message` lists each constraint to fix.",
  WA_INVALID_CHAT_ID:
    "Use a phone number (digits only) or a WhatsApp id such as `123@c.us`, `123-456@g.us`, `123@lid`.",
  WA_INVALID_MESSAGE_ID:
    "Use the serialized id `{fromMe}_{chatId}_{id}[_{participant}]` as returned in message `id` fields.",
  WA_INVALID_CURSOR: "Use non-negative whole numbers for `limit` and `offset`.",
  WA_SESSION_NOT_FOUND: "Create the session first with `POST /api/sessions`.",
  WA_SESSION_EXISTS: "Use `PUT /api/sessions/{session}` to change an existing session.",
  WA_SESSION_NOT_READY:
    "The session is missing, stopped or not WORKING yet; start it, pair it, or retry once it is WORKING.",
  WA_SESSION_LIMIT:
    "`WA_MAX_SESSIONS` sessions exist already; delete one (`DELETE /api/sessions/{session}`) or raise the limit.",
  WA_SESSION_NAME_INVALID: "Use 1 to 54 characters among `a-z`, `A-Z`, `0-9`, `_` and `-`.",
  WA_CHAT_NOT_FOUND: "The chat is not in the store; check the id or wait for history sync.",
  WA_MESSAGE_NOT_FOUND: "The message is not in the store; check the id and the chat.",
  WA_EVENT_NOT_FOUND:
    "The event id in `since` is unknown or past the retention; replay without `since` to start from the oldest kept event.",
  WA_NO_RECENT_MESSAGE:
    "WhatsApp anchors chat changes on the newest message; the chat has none stored yet.",
  WA_ENGINE_UNSUPPORTED:
    "The session's engine lacks this capability (see docs/engines.md); use another engine.",
  WA_ENGINE_NOT_INSTALLED: "Install and build the engine package named in the message.",
  WA_ENGINE_UNKNOWN: "Use one of the engine names listed in docs/engines.md.",
  WA_ENGINE_STOPPED: "The session was stopped while the call ran; start it again.",
  WA_ENGINE_FAILURE: "The WhatsApp library failed; the server log has the cause. Retry later.",
  WA_ENGINE_TIMEOUT: "WhatsApp did not answer in time; retry later.",
  WA_ENGINE_LOGGED_OUT: "The phone unlinked this device; pair the session again.",
  WA_ENGINE_NOT_CONNECTED: "The session is reconnecting; retry once it is WORKING.",
  WA_MEDIA_FAILED:
    "Reported in a message's `media.error` (never as a failed page): the file could not be fetched or failed its integrity check (the next read retries after a minute), or the S3 media storage failed (the next read tries again). As the answer of `GET /api/files/...`: the S3 bucket did not answer (the cause is in the server's log); retry.",
  WA_MEDIA_TOO_LARGE:
    "Reported in `media.error`: the file is larger than `WA_MEDIA_MAX_BYTES`; raise the limit to download it.",
  WA_FILE_NOT_FOUND:
    "The file expired (`WHATSAPP_FILES_LIFETIME`) or never existed: read the message again for a fresh `media.url`.",
  WA_AUTH_UNAUTHORIZED: "Send the API key in the `X-Api-Key` header.",
  WA_STORE_FAILURE: "The database failed; the server log has the cause.",
  WA_SERVER_BUSY:
    "The session's command queue is full (`WA_SESSION_WRITE_QUEUE`, `WA_SESSION_WRITE_MAX_WAIT_MS`); retry after the `Retry-After` header's seconds. Reads are not affected.",
} as const satisfies Record<WaErrorCode, string>;
