/**
 * @module A loopback TCP proxy the test controls, to cut one process off from another (e.g. a server
 * instance from its PostgreSQL) as a network partition does: `cut()` stops every byte both ways on
 * the open connections and leaves new ones hanging (nothing is refused or reset, so the cut-off side
 * learns nothing but silence); `heal()` lets traffic through again.
 */
import { connect, createServer, type Server, type Socket } from "node:net";

/** A running proxy. */
export interface TcpProxy {
  /** The proxy's port on 127.0.0.1. */
  port: number;
  cut(): void;
  heal(): void;
  close(): Promise<void>;
}

/** Starts a proxy from a free 127.0.0.1 port to `127.0.0.1:targetPort`. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let partitioned = false;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  const server: Server = createServer((client) => {
    track(client);
    // While cut, a new connection hangs: the client sees neither an answer nor a refusal.
    if (partitioned) return;
    const upstream = connect(targetPort, "127.0.0.1");
    track(upstream);
    client.on("data", (chunk) => {
      if (!partitioned) upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      if (!partitioned) client.write(chunk);
    });
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : 0,
    cut: () => {
      partitioned = true;
    },
    heal: () => {
      partitioned = false;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
