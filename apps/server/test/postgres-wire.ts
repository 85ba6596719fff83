/**
 * @module A bare PostgreSQL protocol client, for a test that needs a backend in a state no driver
 * leaves it in on purpose: mid-statement, between a Parse and its Sync (what a client cut off by a
 * partition at that instant leaves behind). Trust authentication only, as the throwaway cluster.
 */
import { connect, type Socket } from "node:net";

/** A raw connection: send messages, wait for the server's ReadyForQuery. */
export interface WireConnection {
  /** Runs SQL as a simple query and waits until the server is ready again. */
  simpleQuery(sql: string): Promise<void>;
  /** Sends a Parse of `sql` and nothing after it: the backend waits for the rest, in its transaction. */
  parseWithoutSync(sql: string): void;
  close(): void;
}

/** Opens a connection as `user` to `database` on 127.0.0.1:`port`. */
export async function openWireConnection(
  port: number,
  user = "postgres",
  database = "postgres",
): Promise<WireConnection> {
  const socket = connect(port, "127.0.0.1");
  const waitReady = readyWaiter(socket);
  const params = Buffer.from(`user\0${user}\0database\0${database}\0\0`);
  const startup = Buffer.alloc(8);
  startup.writeInt32BE(8 + params.length, 0);
  startup.writeInt32BE(196608, 4); // protocol 3.0
  socket.write(Buffer.concat([startup, params]));
  await waitReady();
  return {
    async simpleQuery(sql) {
      socket.write(message("Q", Buffer.from(`${sql}\0`)));
      await waitReady();
    },
    parseWithoutSync(sql) {
      // Unnamed statement, no parameter types.
      socket.write(message("P", Buffer.concat([Buffer.from(`\0${sql}\0`), Buffer.alloc(2)])));
    },
    close: () => socket.destroy(),
  };
}

// --- internal ---

function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, "latin1");
  header.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([header, body]);
}

/** Resolves each call once the next ReadyForQuery ('Z') arrives; rejects on an ErrorResponse. */
function readyWaiter(socket: Socket): () => Promise<void> {
  let buffered = Buffer.alloc(0);
  let waiting: { resolve: () => void; reject: (error: Error) => void } | undefined;
  socket.on("error", (error) => waiting?.reject(error));
  socket.on("data", (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    while (buffered.length >= 5) {
      const length = buffered.readInt32BE(1);
      if (buffered.length < 1 + length) break;
      const type = String.fromCharCode(buffered[0] as number);
      const body = buffered.subarray(5, 1 + length);
      buffered = buffered.subarray(1 + length);
      if (type === "E") waiting?.reject(new Error(`server error: ${body.toString("latin1")}`));
      if (type === "Z") waiting?.resolve();
    }
  });
  return () =>
    new Promise<void>((resolve, reject) => {
      waiting = { resolve, reject };
    });
}
