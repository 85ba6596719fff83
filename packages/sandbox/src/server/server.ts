/** @module The loopback WebSocket server (`ws://127.0.0.1:<port>/ws/chat`) and the shared simulator context. */
import type { AddressInfo } from "node:net";
import type { BinaryNode } from "@whiskeysockets/baileys";
import type { Logger } from "pino";
import { WebSocketServer } from "ws";
import type { WorldAccount } from "../world/types.ts";
import type { World } from "../world/world.ts";
import { acceptConnection, type ClientConnection } from "./connection.ts";
import type { SimContext } from "./context.ts";
import { onHandshake } from "./login.ts";
import type { MediaHost } from "./media/media-host.ts";
import { routeNode } from "./router.ts";
import { socketStateOf } from "./socket-state.ts";

/** A listening simulator server. */
export interface SimServer {
  url: string;
  port: number;
  ctx: SimContext;
  connections(): ClientConnection[];
  close(): Promise<void>;
}

/** Options of {@link startServer}. */
export interface ServerOptions {
  port?: number;
  world: World;
  logger: Logger;
  receiptDelayMs: number;
  historyChunkSize: number;
  historyChunkDelayMs: number;
  media: MediaHost;
  /** Called after every change the clients make or the server delivers (to keep a snapshot). */
  onChange?: () => void;
}

/** Starts listening on 127.0.0.1 (never any other interface). */
export async function startServer(options: ServerOptions): Promise<SimServer> {
  const live = new Set<ClientConnection>();
  const ctx: SimContext = {
    world: options.world,
    logger: options.logger,
    receiptDelayMs: options.receiptDelayMs,
    historyChunkSize: options.historyChunkSize,
    historyChunkDelayMs: options.historyChunkDelayMs,
    media: options.media,
    pairing: new Map(),
    linkCodes: new Map(),
    connectionsOf: (account: WorldAccount) => [...live].filter((c) => c.account === account),
    changed: options.onChange ?? (() => {}),
    deliver(account: WorldAccount, node: BinaryNode) {
      ctx.changed();
      const conn = [...live].find((c) => c.account === account && c.loggedIn && !c.closed);
      const state = socketStateOf(account);
      if (!conn) {
        state.offlineQueue.push(node);
        return;
      }
      if (node.tag === "message" && node.attrs.id) state.unacked.set(node.attrs.id, node);
      conn.send(node);
    },
  };
  const wss = new WebSocketServer({ host: "127.0.0.1", port: options.port ?? 0, path: "/ws/chat" });
  await new Promise<void>((resolve, reject) => {
    wss.once("listening", resolve);
    wss.once("error", reject);
  });
  wss.on("connection", (ws) => {
    const conn = acceptConnection(ws, {
      logger: options.logger,
      onHandshake: (c) => onHandshake(ctx, c),
      onNode: async (c, node) => {
        try {
          await routeNode(ctx, c, node);
        } finally {
          ctx.changed();
        }
      },
    });
    live.add(conn);
    conn.onClose(() => {
      live.delete(conn);
      const account = conn.account;
      if (!account || !conn.loggedIn) return;
      // Like WhatsApp's offline queue: what the client never acknowledged comes again next login.
      const state = socketStateOf(account);
      state.offlineQueue.unshift(...state.unacked.values());
      state.unacked.clear();
      ctx.changed();
    });
  });
  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/ws/chat`,
    port,
    ctx,
    connections: () => [...live],
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
