/**
 * @module The benchmark's webhook receiver, in its own process (its CPU is not the server's): an
 * HTTP server on 127.0.0.1 that checks each body's HMAC-SHA512 against `X-Webhook-Hmac`, answers
 * 200 (or after `--slow-ms` on `/slow`), and keeps, per request, the delay from the event's
 * timestamp to its arrival. Driven over IPC: `{stats}` answers counts and delays, `{reset}`.
 */
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const KEY = process.argv[2] ?? "";
const SLOW_MS = Number(process.argv[3] ?? 10_000);
const TIMESTAMP = /"timestamp":(\d+)/;

let count = 0;
let slowCount = 0;
let badSignatures = 0;
let delays: number[] = [];
const ids = new Set<string>();

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const arrived = Date.now();
    const body = Buffer.concat(chunks);
    const expected = createHmac("sha512", KEY).update(body).digest("hex");
    if (request.headers["x-webhook-hmac"] !== expected) badSignatures++;
    if (request.url === "/slow") {
      slowCount++;
      setTimeout(() => response.writeHead(200).end(), SLOW_MS);
      return;
    }
    count++;
    ids.add(String(request.headers["x-webhook-request-id"]));
    const timestamp = Number(TIMESTAMP.exec(body.toString("latin1"))?.[1]);
    delays.push(arrived - timestamp);
    response.writeHead(200).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on("message", (message: { op: string }) => {
  if (message.op === "stats") {
    process.send?.({ count, unique: ids.size, slowCount, badSignatures, delays });
  } else if (message.op === "reset") {
    count = 0;
    slowCount = 0;
    delays = [];
    ids.clear();
    process.send?.({ reset: true });
  }
});
process.on("disconnect", () => process.exit(0));
