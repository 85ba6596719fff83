/**
 * @module The only place where error codes become HTTP statuses and WAHA-compatible bodies
 * (style E7, waha-compat §1.3): `{statusCode, message, error, code}`, session-state 422s
 * without `statusCode`, and an error handler that never lets bad input become a 500.
 */
import { STATUS_CODES } from "node:http";
import { isWaError, type WaError, type WaErrorCode } from "@wa/core";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/** Every error code's HTTP status. `satisfies` makes a new code a compile error until mapped. */
export const ERROR_STATUS = {
  WA_VALIDATION_FAILED: 400,
  WA_INVALID_CHAT_ID: 400,
  WA_INVALID_MESSAGE_ID: 400,
  WA_INVALID_CURSOR: 400,
  WA_SESSION_NAME_INVALID: 400,
  WA_ENGINE_UNKNOWN: 400,
  WA_AUTH_UNAUTHORIZED: 401,
  WA_SESSION_NOT_FOUND: 404,
  WA_CHAT_NOT_FOUND: 404,
  WA_MESSAGE_NOT_FOUND: 404,
  WA_FILE_NOT_FOUND: 404,
  WA_MEDIA_TOO_LARGE: 413,
  WA_EVENT_NOT_FOUND: 404,
  WA_SESSION_EXISTS: 422,
  WA_SESSION_LIMIT: 422,
  WA_SESSION_NOT_READY: 422,
  WA_NO_RECENT_MESSAGE: 422,
  WA_ENGINE_STOPPED: 422,
  WA_ENGINE_LOGGED_OUT: 422,
  WA_ENGINE_NOT_CONNECTED: 422,
  WA_ENGINE_NOT_INSTALLED: 422,
  WA_ENGINE_UNSUPPORTED: 501,
  WA_ENGINE_TIMEOUT: 504,
  WA_ENGINE_FAILURE: 500,
  WA_MEDIA_FAILED: 502,
  WA_STORE_FAILURE: 500,
  WA_SERVER_BUSY: 503,
} as const satisfies Record<WaErrorCode, number>;

/** A WAHA error body plus our `code`. `statusCode` is absent on session-state 422s. */
export interface ErrorBody {
  statusCode?: number;
  message?: string | string[];
  error?: string;
  code: string;
  session?: string;
  status?: string;
  expected?: string[];
}

/** The HTTP status and body of any thrown value. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (isWaError(error)) return fromWaError(error);
  const fastifyError = error as Partial<FastifyError> | null;
  if (fastifyError?.validation) return badRequest(fastifyError.validation.map(ajvConstraint));
  const status = fastifyError?.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) {
    const message = fastifyError?.message ?? reason(status);
    return { status, body: standardBody(status, message, "WA_VALIDATION_FAILED") };
  }
  return { status: 500, body: standardBody(500, "Internal Server Error", "WA_INTERNAL_ERROR") };
}

/** Installs the error handler: WAHA bodies, 5xx logged with their cause, never a crash. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = toErrorResponse(error);
    const retryAfter = isWaError(error) ? error.details?.retryAfterSeconds : undefined;
    if (typeof retryAfter === "number") reply.header("retry-after", String(retryAfter));
    if (status >= 500 && status !== 503) request.log.error({ err: error }, "request failed");
    else request.log.debug({ err: error }, "request rejected");
    return reply.code(status).type("application/json").send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const message = `Route ${request.method}:${request.url} not found`;
    return reply.code(404).send(standardBody(404, message, "WA_ROUTE_NOT_FOUND"));
  });
}

// --- internal ---

function fromWaError(error: WaError): { status: number; body: ErrorBody } {
  const status = ERROR_STATUS[error.code] ?? 500;
  const details = error.details ?? {};
  if (error.code === "WA_SESSION_NOT_READY") return { status, body: sessionStateBody(error) };
  // WAHA's 401 is passport's bare body, without `error`.
  if (status === 401)
    return { status, body: { message: "Unauthorized", statusCode: 401, code: error.code } };
  if (status === 400) {
    const constraints = details.constraints;
    const texts = Array.isArray(constraints)
      ? constraints.map(String)
      : [publicMessage(error, 400)];
    return badRequest(texts, error.code);
  }
  if (error.code === "WA_ENGINE_UNSUPPORTED") {
    const engine = String(error.engine ?? details.engine ?? "unknown").toUpperCase();
    const message = `The method is not implemented by '${engine}' engine. Check the docs and try another engine: https://waha.devlike.pro/`;
    return { status, body: standardBody(status, message, error.code) };
  }
  return { status, body: standardBody(status, publicMessage(error, status), error.code) };
}

/** WAHA's fixed wordings; otherwise the message without the `[wa:<engine>]` log prefix. */
function publicMessage(error: WaError, status: number): string {
  // A 503 is the server pacing its clients, not a failure: its message says what to do.
  if (status >= 500 && status !== 503) return reason(status);
  if (error.code === "WA_MESSAGE_NOT_FOUND") return "Message not found";
  if (error.code === "WA_SESSION_NOT_FOUND") return "Session not found";
  return error.message.replace(/^\[wa:[^\]]*\]\s*/, "");
}

function sessionStateBody(error: WaError): ErrorBody {
  const details = error.details ?? {};
  const body: ErrorBody = {
    error: error.message,
    session: String(details.session ?? ""),
    code: error.code,
  };
  if (typeof details.status === "string") body.status = details.status;
  if (Array.isArray(details.expected)) body.expected = details.expected.map(String);
  return body;
}

function badRequest(constraints: string[], code: string = "WA_VALIDATION_FAILED") {
  return { status: 400, body: standardBody(400, constraints, code) };
}

function standardBody(status: number, message: string | string[], code: string): ErrorBody {
  return { statusCode: status, message, error: reason(status), code };
}

function reason(status: number): string {
  return STATUS_CODES[status] ?? "Error";
}

interface AjvIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** `querystring/limit must be integer` → `limit must be integer`, listing allowed enum values. */
function ajvConstraint(issue: AjvIssue): string {
  const path = (issue.instancePath ?? "").replace(/^\//, "").replaceAll("/", ".");
  const missing = issue.params?.missingProperty;
  const subject = typeof missing === "string" ? (path ? `${path}.${missing}` : missing) : path;
  const allowed = issue.params?.allowedValues;
  if (Array.isArray(allowed)) {
    return `${subject} must be one of the following values: ${allowed.join(", ")}`;
  }
  if (typeof missing === "string") return `${subject} should not be empty`;
  return `${subject || "body"} ${issue.message ?? "is invalid"}`.trim();
}
