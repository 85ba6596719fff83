/**
 * @module A real webhook receiver for tests: an HTTP server on 127.0.0.1 (a free port) that records
 * every POST (headers, raw body, parsed envelope, arrival time) and answers as told: 200, another
 * status with headers, after a delay, or not at all while it is down (connections refused).
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { vi } from "vitest";

/** One POST the receiver got. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as sent (what signatures cover). */
  body: string;
  /** The parsed envelope; test bodies are checked field by field, hence `any`. */
  envelope: any;
  /** When it arrived (ms). */
  at: number;
}

/** How the receiver answers one POST. */
export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  /** Answer after this long. */
  delayMs?: number;
}

/** A running receiver. */
export interface Receiver {
  /** `http://127.0.0.1:<port>/hook` (a path of your own: `url("/other")`). */
  url(path?: string): string;
  /** Every POST received, in arrival order (retries included). */
  readonly received: Received[];
  /** The envelopes of the POSTs it answered 2xx, in arrival order. */
  accepted(): any[];
  /** Decides the answer of each POST; default 200 at once. */
  answer: (request: Received) => Answer;
  /** Stops listening and drops open connections: senders get "connection refused". */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  /** Waits (bounded, polling) until `check` stops throwing. */
  until<T>(check: () => T, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

/** Starts a receiver on a free loopback port. */
export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const acceptedEnvelopes: any[] = [];
  const sockets = new Set<Socket>();
  let server: Server;
  let port = 0;
  const receiver: Receiver = {
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    received,
    accepted: () => acceptedEnvelopes,
    answer: () => ({ status: 200 }),
    async down() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
    up: () => listen(port),
    until: (check, timeoutMs = 20_000) => vi.waitFor(check, { timeout: timeoutMs, interval: 20 }),
    close: () => receiver.down(),
  };

  const listen = (wanted: number) =>
    new Promise<void>((resolve, reject) => {
      server = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on("data", (chunk: Buffer) => chunks.push(chunk));
        request.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          let envelope: unknown = null;
          try {
            envelope = JSON.parse(body);
          } catch {
            envelope = null;
          }
          const item = {
            path: request.url ?? "",
            headers: request.headers,
            body,
            envelope,
            at: Date.now(),
          };
          received.push(item);
          const answer = receiver.answer(item);
          const status = answer.status ?? 200;
          const reply = () => {
            if (status >= 200 && status < 300) acceptedEnvelopes.push(envelope);
            response.writeHead(status, answer.headers ?? {}).end();
          };
          if (answer.delayMs) setTimeout(reply, answer.delayMs);
          else reply();
        });
      });
      server.keepAliveTimeout = 60_000;
      server.on("connection", (socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
      });
      server.once("error", reject);
      server.listen(wanted, "127.0.0.1", () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });

  await listen(0);
  return receiver;
}
