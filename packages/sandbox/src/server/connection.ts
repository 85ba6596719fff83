/**
 * @module One client WebSocket: runs the Noise handshake, then decrypts and decodes every frame into a
 * binary node and hands it to the router; sends nodes back encrypted.
 */
import {
  type BinaryNode,
  Curve,
  decodeBinaryNode,
  encodeBinaryNode,
  type proto,
} from "@whiskeysockets/baileys";
import type { Logger } from "pino";
import type { WebSocket } from "ws";
import type { WorldAccount } from "../world/types.ts";
import { createFrameReader, encodeFrame } from "./frames.ts";
import { type NoiseTransport, serverHandshake } from "./noise.ts";

/** The server's view of one connected client. */
export interface ClientConnection {
  readonly id: number;
  /** The client's static Noise public key (set after the handshake): identifies the device. */
  noiseKey?: Buffer;
  payload?: proto.ClientPayload;
  /** The account this connection is logged into (set at login or pairing). */
  account?: WorldAccount;
  /** Whether login completed (`success` sent). */
  loggedIn: boolean;
  readonly closed: boolean;
  send(node: BinaryNode): void;
  /** Sends a server-initiated iq and waits for the client's result. */
  request(node: BinaryNode, timeoutMs?: number): Promise<BinaryNode>;
  /** Writes raw bytes as one encrypted frame (fault injection). */
  sendRawFrame(bytes: Uint8Array): void;
  /** Drops the socket without a goodbye. */
  drop(): void;
  onClose(listener: () => void): void;
}

/** What a connection needs from the rest of the server. */
export interface ConnectionHooks {
  logger: Logger;
  /** Called once the handshake is done, with the client's payload. */
  onHandshake(conn: ClientConnection): void;
  /** Called for every node the client sends (except results of `request`). */
  onNode(conn: ClientConnection, node: BinaryNode): void | Promise<void>;
}

let nextConnectionId = 1;
let nextStanzaId = 1;

/** A fresh server stanza id. */
export function stanzaId(): string {
  return `sim.${(nextStanzaId++).toString(36)}`;
}

// One static Noise key for the whole simulator: Baileys never binds it to anything.
const SERVER_STATIC = Curve.generateKeyPair();

/** Wires a freshly accepted WebSocket. */
export function acceptConnection(ws: WebSocket, hooks: ConnectionHooks): ClientConnection {
  const reader = createFrameReader();
  const log = hooks.logger.child({ conn: nextConnectionId });
  const rawFrames: Buffer[] = [];
  let rawWaiter: ((frame: Buffer) => void) | undefined;
  let transport: NoiseTransport | undefined;
  let closed = false;
  const closeListeners: Array<() => void> = [];
  const pending = new Map<string, (node: BinaryNode) => void>();
  // Frames are processed strictly in order: decoding is async (zlib), the router must see them in sequence.
  let queue: Promise<void> = Promise.resolve();

  const writeFrame = (bytes: Uint8Array) => {
    if (!closed) ws.send(encodeFrame(transport ? transport.encrypt(bytes) : bytes));
  };

  const conn: ClientConnection = {
    id: nextConnectionId++,
    loggedIn: false,
    get closed() {
      return closed;
    },
    send(node) {
      if (!transport) throw new Error("connection: send before the handshake finished");
      log.trace({ tag: node.tag, attrs: node.attrs }, "sim → client");
      writeFrame(encodeBinaryNode(node));
    },
    request(node, timeoutMs = 10_000) {
      const id = node.attrs.id ?? stanzaId();
      node.attrs.id = id;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`connection: no reply to ${node.tag} ${id}`));
        }, timeoutMs);
        pending.set(id, (reply) => {
          clearTimeout(timer);
          resolve(reply);
        });
        conn.send(node);
      });
    },
    sendRawFrame: writeFrame,
    drop() {
      ws.terminate();
    },
    onClose(listener) {
      closeListeners.push(listener);
    },
  };

  let rawCount = 0;
  let handshakeDone: Promise<void> = Promise.resolve();
  const handleFrame = async (frame: Buffer) => {
    if (!transport) {
      rawCount++;
      if (rawWaiter) {
        const waiter = rawWaiter;
        rawWaiter = undefined;
        waiter(frame);
      } else rawFrames.push(frame);
      // The second raw frame is the clientFinish: later frames are encrypted, so wait for the keys.
      if (rawCount === 2) await handshakeDone;
      return;
    }
    const node = await decodeBinaryNode(transport.decrypt(frame));
    log.trace({ tag: node.tag, attrs: node.attrs }, "client → sim");
    const id = node.attrs.id;
    const waiter = id && node.tag === "iq" ? pending.get(id) : undefined;
    if (waiter && (node.attrs.type === "result" || node.attrs.type === "error")) {
      pending.delete(id as string);
      waiter(node);
      return;
    }
    await hooks.onNode(conn, node);
  };

  const nextRaw = () =>
    new Promise<Buffer>((resolve) => {
      const queued = rawFrames.shift();
      if (queued) resolve(queued);
      else rawWaiter = resolve;
    });

  const handshake = async () => {
    const hello = await nextRaw();
    const result = await serverHandshake(
      hello,
      (frame) => writeFrame(frame),
      nextRaw,
      SERVER_STATIC,
    );
    transport = result.transport;
    conn.noiseKey = result.clientStaticPublic;
    conn.payload = result.payload;
    hooks.onHandshake(conn);
  };
  handshakeDone = handshake().catch((err: unknown) => {
    log.warn({ err }, "handshake failed");
    ws.terminate();
  });

  ws.on("message", (data: Buffer) => {
    let frames: Buffer[];
    try {
      frames = reader.push(data);
    } catch (err) {
      log.warn({ err }, "bad framing");
      ws.terminate();
      return;
    }
    for (const frame of frames) {
      queue = queue
        .then(() => handleFrame(frame))
        .catch((err: unknown) => log.warn({ err }, "failed to handle a client frame"));
    }
  });
  ws.on("close", () => {
    closed = true;
    for (const listener of closeListeners) listener();
  });
  ws.on("error", (err) => log.debug({ err }, "socket error"));
  return conn;
}
