/**
 * @module The chaos test's HTTP client: one request, its status, `Retry-After` and time; never
 * throws. Its connections are its own, so a phase can close them (`closeConnections`) before the
 * server's descriptors are counted: idle keep-alive sockets would otherwise stay open for the
 * server's keep-alive timeout (72 s).
 */
import { Agent, fetch } from "undici";

let agent = new Agent();

/** Closes every connection of the client; later requests open new ones. */
export async function closeConnections(): Promise<void> {
  const closing = agent;
  agent = new Agent();
  await closing.close();
}

/** One answer; `status` 0 when the connection failed (counted as a server failure). */
export interface Outcome {
  status: number;
  retryAfter: string | null;
  ms: number;
  /** The body, cut to `keep` characters (300 unless asked: failures quote it). */
  text: string;
}

/** What to send. */
export interface Call {
  method: string;
  path: string;
  body?: string | undefined;
  contentType?: string | undefined;
}

/** Sends `call` to `baseUrl` with the API key. */
export async function send(
  baseUrl: string,
  apiKey: string,
  call: Call,
  keep = 300,
): Promise<Outcome> {
  const started = performance.now();
  const headers: Record<string, string> = { "x-api-key": apiKey };
  if (call.body !== undefined && call.contentType) headers["content-type"] = call.contentType;
  try {
    const response = await fetch(`${baseUrl}${call.path}`, {
      dispatcher: agent,
      method: call.method,
      headers,
      ...(call.body === undefined ? {} : { body: call.body }),
    });
    const text = await response.text();
    return {
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      ms: performance.now() - started,
      text: text.slice(0, keep),
    };
  } catch (error) {
    const text = error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : "";
    return { status: 0, retryAfter: null, ms: performance.now() - started, text };
  }
}

/** A 5xx (or no answer at all), except a 503 that says when to retry. */
export function isServerFailure(outcome: Outcome): boolean {
  if (outcome.status === 503 && outcome.retryAfter !== null) return false;
  return outcome.status === 0 || outcome.status >= 500;
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function inPool<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
