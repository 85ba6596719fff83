/**
 * @module The fake WhatsApp Web server on 127.0.0.1: `GET /web/<version>.html` serves the page (for
 * whatsapp-web.js' `webVersionCache: {type: "remote"}`, fetched by Node), and `/ws/page` is the
 * WebSocket every page talks to the simulator through. Attached to a {@link Simulator} as a transport.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import type { Simulator } from "../control.ts";
import { fakePageHtml } from "./page-html.ts";
import type { PageToSim, SimToPage } from "./protocol.ts";
import { createWebTransport, type PageConnection } from "./transport.ts";

/** whatsapp-web.js' default WhatsApp Web version; any `2.3000.x` takes the library's modern paths. */
export const FAKE_WEB_VERSION = "2.3000.1017054665";

/** See {@link FakeWeb.chromiumArgs}. */
export const FAKE_WEB_CHROMIUM_ARGS = [
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
  "--disable-features=LocalNetworkAccessChecks",
];

/** Options of {@link startFakeWeb}. */
export interface FakeWebOptions {
  /** `window.Debug.VERSION` and the page's file name. @default FAKE_WEB_VERSION */
  version?: string;
  /** Delay of the recipient's delivery receipt (the read receipt follows after as long again). @default 150 */
  receiptDelayMs?: number;
  /** Messages per chat a freshly loaded page holds (older ones through `loadEarlierMsgs`). @default 20 */
  snapshotMessages?: number;
  /** Messages per `loadEarlierMsgs`. @default 50 */
  loadEarlierCount?: number;
  /** How long the simulator takes to handle each call of a page (a slow network). @default 0 */
  callLatencyMs?: number;
}

/** A running fake WhatsApp Web server. */
export interface FakeWeb {
  /** `webVersionCache.remotePath` for whatsapp-web.js (`{version}` is replaced by the library). */
  remotePath: string;
  /** `webVersion` for whatsapp-web.js. */
  webVersion: string;
  /**
   * Chromium flags a browser showing the page needs: every host name resolves to nothing (so the
   * browser reaches 127.0.0.1 only), and the page (served as `https://web.whatsapp.com/`) may open
   * its loopback WebSocket despite Chrome's local-network-access checks.
   */
  chromiumArgs: string[];
  /** Whether the session's page is connected and logged in. */
  isOnline(sessionKey: string): boolean;
  /** The session's page reloads itself (a fault: whatsapp-web.js injects again). */
  reloadPage(sessionKey: string): boolean;
  close(): Promise<void>;
}

/** Starts the page server and adds the web transport to the simulator. */
export async function startFakeWeb(sim: Simulator, options: FakeWebOptions = {}): Promise<FakeWeb> {
  const version = options.version ?? FAKE_WEB_VERSION;
  const transport = createWebTransport({
    receiptDelayMs: options.receiptDelayMs ?? 150,
    snapshotMessages: options.snapshotMessages ?? 20,
    loadEarlierCount: options.loadEarlierCount ?? 50,
  });
  const removeTransport = sim.addTransport(transport);
  const callLatencyMs = options.callLatencyMs ?? 0;
  let html = "";
  const http = createServer((request, response) => {
    if (request.method === "GET" && /^\/web\/[^/]+\.html$/.test(request.url ?? "")) {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
      return;
    }
    response.writeHead(404).end();
  });
  const wss = new WebSocketServer({ server: http, path: "/ws/page" });
  wss.on("connection", (ws) => {
    let conn: PageConnection | undefined;
    const send = (message: SimToPage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    ws.on("message", (data) => {
      const message = parse(String(data));
      if (!message) return;
      if (message.t === "hello") {
        conn = { client: message.client, send, drop: () => ws.terminate() };
        transport.hello(conn, message.fresh);
      } else if (conn) {
        const page = conn;
        const handle = () => transport.call(page, message.id, message.method, message.params);
        if (callLatencyMs > 0) setTimeout(handle, callLatencyMs).unref();
        else handle();
      }
    });
    ws.on("close", () => conn && transport.closed(conn));
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(0, "127.0.0.1", resolve);
  });
  const { port } = http.address() as AddressInfo;
  html = fakePageHtml({ wsUrl: `ws://127.0.0.1:${port}/ws/page`, version });
  return {
    remotePath: `http://127.0.0.1:${port}/web/{version}.html`,
    webVersion: version,
    chromiumArgs: FAKE_WEB_CHROMIUM_ARGS,
    isOnline: (key) => transport.isOnline(sim.account(key)),
    reloadPage(key) {
      const page = transport.pageOf(sim.account(key));
      page?.send({ t: "change", change: { type: "reload" } });
      return page !== undefined;
    },
    async close() {
      removeTransport();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function parse(text: string): PageToSim | undefined {
  try {
    return JSON.parse(text) as PageToSim;
  } catch {
    return undefined;
  }
}
