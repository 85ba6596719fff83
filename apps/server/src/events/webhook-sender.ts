/**
 * @module POSTs webhook bodies with undici `request` over the target's own keep-alive Agent (so a
 * slow receiver ties up only its own connections), each attempt bounded by a timeout. Never
 * throws: an outcome says whether the receiver took it (2xx), its status, and its `Retry-After`.
 */
import { Agent, request } from "undici";
import { parseRetryAfter } from "./retry-policy.ts";

/** How one POST went. */
export interface SendResult {
  ok: boolean;
  /** The receiver's HTTP status, or null when it did not answer. */
  status: number | null;
  retryAfterMs: number | null;
  /** Why it failed (`HTTP 503`, `connect ECONNREFUSED …`, `timeout after 10000 ms`). */
  error: string | null;
}

/** Options of {@link createWebhookSender}. */
export interface WebhookSenderOptions {
  /** Connections (and so requests in flight) to the receiver. */
  connections: number;
  /** The bound of one attempt, from connecting to the end of the answer. */
  timeoutMs: number;
  /** The `User-Agent` header. */
  userAgent: string;
}

/** A sender bound to one target's Agent. */
export interface WebhookSender {
  send(url: string, body: string, headers: Record<string, string>): Promise<SendResult>;
  /** Aborts what is in flight and closes the connections. */
  destroy(): Promise<void>;
}

/** undici's codes for a receiver that took too long. */
const TIMEOUT_CODES = new Set([
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** The most of an answer's body read (and dropped) to keep the connection reusable. */
const ANSWER_LIMIT = 64 * 1024;

/** Makes a sender with its own keep-alive Agent. */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const agent = new Agent({
    connections: options.connections,
    keepAliveTimeout: 30_000,
    connect: { timeout: options.timeoutMs },
  });
  return {
    async send(url, body, headers) {
      try {
        const answer = await request(url, {
          method: "POST",
          body,
          headers: {
            "content-type": "application/json",
            "user-agent": options.userAgent,
            ...headers,
          },
          dispatcher: agent,
          // undici's own timers (no AbortSignal and timer per request): waiting for the answer's
          // headers, then for each chunk of its body.
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
        });
        await answer.body.dump({ limit: ANSWER_LIMIT }).catch(() => undefined);
        const ok = answer.statusCode >= 200 && answer.statusCode < 300;
        return {
          ok,
          status: answer.statusCode,
          retryAfterMs: ok ? null : parseRetryAfter(answer.headers["retry-after"]),
          error: ok ? null : `HTTP ${answer.statusCode}`,
        };
      } catch (error) {
        const code = (error as { code?: string } | null)?.code ?? "";
        const message = TIMEOUT_CODES.has(code)
          ? `timeout after ${options.timeoutMs} ms (${code})`
          : describe(error);
        return { ok: false, status: null, retryAfterMs: null, error: message };
      }
    },
    destroy: () => agent.destroy().catch(() => undefined),
  };
}

// --- internal ---

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const code = (error as { code?: string }).code;
  const text = cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  return code && !text.includes(code) ? `${code} ${text}` : text;
}
