/**
 * @module Puts a {@link ReceiptGate} between a Baileys socket and its WebSocket. Baileys offers no hook
 * on what it sends, and its frames are Noise-encrypted by the time they reach the WebSocket, so the
 * gate learns each node from Baileys' own `xml send` trace line, which `sendNode` writes synchronously
 * just before it encrypts and writes that node (socket.js in 7.0.0-rc14). The socket's logger therefore
 * reports level `trace`; every other trace line is passed on only if the real logger wants trace.
 */
import type { BaileysSocket, SocketConfig } from "./baileys.ts";
import {
  createReceiptGate,
  type OutgoingNode,
  type ReceiptGate,
  type ReceiptGateOptions,
  type SendCallback,
} from "./receipt-gate.ts";

type BaileysLogger = NonNullable<SocketConfig["logger"]>;

const SEND_LINE = "xml send";
const HEAD = /^<([\w:-]+)((?: [\w:-]+='[^']*')*)\s*\/?>/;
const ATTR = / ([\w:-]+)='([^']*)'/g;

/** The tag and attributes of the first element of Baileys' `binaryNodeToString` output. */
export function parseNodeHead(xml: string): OutgoingNode | undefined {
  const head = HEAD.exec(xml);
  if (!head) return undefined;
  const attrs: Record<string, string> = {};
  for (const [, key, value] of (head[2] ?? "").matchAll(ATTR)) attrs[key as string] = value ?? "";
  return { tag: head[1] as string, attrs };
}

/** `logger` at level `trace`, telling `onNode` about each node Baileys is about to send. */
export function tapSentNodes(
  logger: BaileysLogger = SILENT,
  onNode: (node: OutgoingNode) => void,
): BaileysLogger {
  const passTrace = logger.level === "trace";
  return {
    level: "trace",
    trace(obj: unknown, msg?: string) {
      const line = obj as { xml?: unknown; msg?: unknown } | undefined;
      if (line?.msg === SEND_LINE && typeof line.xml === "string") {
        const node = parseNodeHead(line.xml);
        if (node) onNode(node);
      }
      if (passTrace) logger.trace(obj, msg);
    },
    debug: (obj: unknown, msg?: string) => logger.debug(obj, msg),
    info: (obj: unknown, msg?: string) => logger.info(obj, msg),
    warn: (obj: unknown, msg?: string) => logger.warn(obj, msg),
    error: (obj: unknown, msg?: string) => logger.error(obj, msg),
    child: (bindings: Record<string, unknown>) => logger.child(bindings),
  } as BaileysLogger;
}

const ignore = () => {};
const SILENT: BaileysLogger = {
  level: "silent",
  trace: ignore,
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
  child: () => SILENT,
} as BaileysLogger;

interface RawWebSocket {
  send(data: unknown, ...rest: unknown[]): void;
}

/**
 * Gates the socket's outgoing frames, tells the gate about each arriving message stanza and closes it
 * with the WebSocket. Undefined when the socket has no WebSocket to gate (a test double).
 */
export function gateSocket(
  sock: BaileysSocket,
  options: Omit<ReceiptGateOptions, "write">,
): ReceiptGate | undefined {
  const client = sock.ws as unknown as {
    socket?: RawWebSocket | null;
    on?(event: string, listener: (...args: unknown[]) => void): unknown;
  };
  const raw = client?.socket;
  if (!raw || typeof raw.send !== "function" || typeof client.on !== "function") return undefined;
  const write = raw.send.bind(raw);
  const gate = createReceiptGate({
    ...options,
    write: (frame, callback) => write(frame, callback),
  });
  raw.send = (data: unknown, ...rest: unknown[]) => {
    const callback = rest.find((arg) => typeof arg === "function") as SendCallback | undefined;
    gate.send(data, callback);
  };
  client.on("frame", (frame) => {
    const node = frame as { tag?: unknown; attrs?: Record<string, unknown> } | undefined;
    const id = node?.attrs?.id;
    // Not the phone's own protocol messages (key shares, history notifications): Baileys handles them
    // itself and awaits iq answers (app-state sync) before it emits them, which held frames would block.
    if (node?.tag === "message" && typeof id === "string" && node.attrs?.category !== "peer") {
      gate.arrived(id);
    }
  });
  client.on("close", () => gate.close());
  return gate;
}
