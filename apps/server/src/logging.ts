/**
 * @module The server's pino logger. Request URLs are logged without the `x-api-key` query value
 * (WAHA 2026.4.3 accepts the key in the query, and logs must never hold it).
 */
import { type Logger, pino } from "pino";

/** A URL with any `x-api-key` query value replaced by `***`. */
export function redactApiKey(url: string): string {
  return url.replace(/([?&]x-api-key=)[^&#]*/gi, "$1***");
}

/** How a request is logged: Fastify's fields, with the key redacted. */
export function serializeRequest(request: {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
}): Record<string, unknown> {
  return {
    method: request.method,
    url: redactApiKey(request.url ?? ""),
    host: request.host,
    remoteAddress: request.ip,
  };
}

/** The process logger (`LOG_LEVEL`, default info). */
export function createLogger(level = "info"): Logger {
  return pino({ level, serializers: { req: serializeRequest } });
}
