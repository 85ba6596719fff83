/**
 * @module One Baileys socket of a NOWEB session, wired the way the connection needs it: its key
 * writes observed for PN⇄LID pairs, its receipts held by the gate until the store has applied the
 * message, and a frame it fails to decode answered with a new socket instead of a crash.
 */
import type { EngineLogger, LidMapping } from "@wa/core";
import type { StoredAuthState } from "./auth-state.ts";
import type { BaileysModule, BaileysSocket, SocketConfig, SocketFactory } from "./baileys.ts";
import { gateSocket, tapSentNodes } from "./gate-socket.ts";
import { guardAsyncListeners } from "./guard-socket.ts";
import type { PausableReader } from "./history-backlog.ts";
import { observeLidMappings } from "./lid-observer.ts";
import type { ReceiptGate } from "./receipt-gate.ts";

/** What one socket is made from (the connection's deps, plus its hooks). */
export interface SessionSocketOptions {
  baileys: BaileysModule;
  auth: StoredAuthState;
  socketFactory: SocketFactory;
  socketConfig: Omit<SocketConfig, "auth">;
  /** How long a receipt waits for a message Baileys never emitted (see `receipt-gate.ts`). */
  orphanReceiptMs?: number | undefined;
  log: EngineLogger;
  /** Gets the PN⇄LID pairs of each key write. */
  onLidMappings(mappings: LidMapping[]): void;
  /** Whether the socket is still the connection's current one (only that one is ended). */
  isCurrent(): boolean;
}

/** A socket and the gate holding its receipts. */
export interface SessionSocket {
  socket: BaileysSocket;
  /** Undefined when the socket has no WebSocket to gate (a test double). */
  gate: ReceiptGate | undefined;
}

/** Makes one socket; throws what Baileys throws while making it. */
export function createSessionSocket(options: SessionSocketOptions): SessionSocket {
  const { auth, log } = options;
  const observed = observeLidMappings(auth.state.keys, options.onLidMappings);
  const keys = options.baileys.makeCacheableSignalKeyStore(observed);
  let gate: ReceiptGate | undefined;
  const current = options.socketFactory({
    ...options.socketConfig,
    logger: tapSentNodes(options.socketConfig.logger, (node) => gate?.nextNode(node)),
    auth: { creds: auth.state.creds, keys },
  });
  gate = gateSocket(current, {
    ...(options.orphanReceiptMs === undefined ? {} : { orphanAfterMs: options.orphanReceiptMs }),
    onOrphan: (id) => log.warn({ id }, "Baileys emitted no message for a stanza; receipt sent"),
    onWriteError: (error) => log.debug({ err: error }, "a held frame could not be sent"),
  });
  guardAsyncListeners(current.ws as never, "message", (error) => {
    log.warn({ err: error }, "Baileys failed to decode a frame; reconnecting");
    // The Noise decoder state is unknown after a bad frame: start over on a new socket.
    if (options.isCurrent()) {
      const reason = error instanceof Error ? error : new Error(String(error));
      current.end(reason).catch((endError: unknown) => log.warn({ err: endError }, "end failed"));
    }
  });
  return { socket: current, gate };
}

/**
 * The `ws` WebSocket under Baileys' socket client, looked up at each call (the client makes it on
 * connect); pausing it stops reading frames, so TCP holds what the sender has not delivered yet.
 */
export function pausableReader(current: BaileysSocket): PausableReader {
  const client = current.ws as unknown as { socket?: PausableReader | null } | undefined;
  return {
    pause: () => client?.socket?.pause(),
    resume: () => client?.socket?.resume(),
  };
}
