/**
 * @module Drives the real `makeWASocket` against a simulator: reconnects like an app would (515 restart,
 * dropped sockets), keeps every event, and waits for the ones a test expects.
 */
import {
  type AuthenticationState,
  type BaileysEventMap,
  DisconnectReason,
  makeWASocket,
  type WASocket,
} from "@whiskeysockets/baileys";
import pino from "pino";
import type { Simulator } from "../../src/index.ts";
import { memoryAuthState } from "./memory-auth.ts";

type EventName = keyof BaileysEventMap;

/** One recorded event. */
export interface Recorded {
  name: EventName;
  data: unknown;
}

/** A Baileys client under test. */
export interface TestClient {
  auth: AuthenticationState;
  events: Recorded[];
  socket(): WASocket;
  /** Resolves with the first event (recorded so far or later) of that name matching the predicate. */
  waitFor<N extends EventName>(
    name: N,
    match?: (data: BaileysEventMap[N]) => boolean,
    timeoutMs?: number,
  ): Promise<BaileysEventMap[N]>;
  /** Like `waitFor`, but only for events recorded after the call. */
  waitForNext<N extends EventName>(
    name: N,
    match?: (data: BaileysEventMap[N]) => boolean,
    timeoutMs?: number,
  ): Promise<BaileysEventMap[N]>;
  /** How many sockets were opened (1 + reconnects). */
  sockets(): number;
  /** Stops reconnecting and ends the socket. */
  stop(): void;
}

/** Options of {@link startClient}. */
export interface ClientOptions {
  auth?: AuthenticationState;
  /** Reconnect after a close that is not a logout (default true). */
  reconnect?: boolean;
  /** Called with each new socket and its number (1 for the first), e.g. to tamper with its wire. */
  onSocket?(sock: WASocket, count: number): void;
}

/** Starts a Baileys socket pointed at the simulator. */
export function startClient(sim: Simulator, options: ClientOptions = {}): TestClient {
  const auth = options.auth ?? memoryAuthState();
  const events: Recorded[] = [];
  const waiters = new Set<() => void>();
  let current: WASocket | undefined;
  let count = 0;
  let stopped = false;

  const record = (name: EventName, data: unknown) => {
    events.push({ name, data });
    for (const wake of [...waiters]) wake();
  };

  const connect = () => {
    count++;
    const sock = makeWASocket({
      auth,
      waWebSocketUrl: sim.url,
      logger: pino({ level: "silent" }),
      defaultQueryTimeoutMs: 5_000,
      connectTimeoutMs: 5_000,
      markOnlineOnConnect: false,
    });
    current = sock;
    options.onSocket?.(sock, count);
    sock.ev.process((batch) => {
      for (const [name, data] of Object.entries(batch)) record(name as EventName, data);
      const update = batch["connection.update"];
      if (
        update?.connection === "close" &&
        sock === current &&
        !stopped &&
        options.reconnect !== false
      ) {
        const code = (
          update.lastDisconnect?.error as { output?: { statusCode?: number } } | undefined
        )?.output?.statusCode;
        if (code !== DisconnectReason.loggedOut) setTimeout(connect, 50);
      }
    });
    sock.ev.on("creds.update", (update) => Object.assign(auth.creds, update));
  };
  connect();

  function waitFrom<N extends EventName>(
    start: number,
    name: N,
    match: (data: BaileysEventMap[N]) => boolean = () => true,
    timeoutMs = 15_000,
  ): Promise<BaileysEventMap[N]> {
    return new Promise((resolve, reject) => {
      let seen = start;
      const check = () => {
        for (; seen < events.length; seen++) {
          const e = events[seen];
          if (e?.name === name && match(e.data as BaileysEventMap[N])) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(e.data as BaileysEventMap[N]);
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${name}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  }

  return {
    auth,
    events,
    socket: () => current as WASocket,
    sockets: () => count,
    waitFor(name, match, timeoutMs) {
      return waitFrom(0, name, match, timeoutMs);
    },
    waitForNext(name, match, timeoutMs) {
      return waitFrom(events.length, name, match, timeoutMs);
    },
    stop() {
      stopped = true;
      current?.end(undefined);
    },
  };
}

/** Pairs a fresh client through the QR and waits until it is open after the 515 restart. */
export async function pairClient(
  sim: Simulator,
  sessionKey: string,
  options: ClientOptions = {},
): Promise<TestClient> {
  const client = startClient(sim, options);
  const { qr } = await client.waitFor("connection.update", (u) => !!u.qr);
  await sim.scanQr(sessionKey, qr as string);
  await client.waitFor("connection.update", (u) => u.connection === "open");
  return client;
}

/** The status code of a `connection.update` close. */
export function closeCode(
  update: Partial<{ lastDisconnect?: { error?: Error } }>,
): number | undefined {
  return (update.lastDisconnect?.error as { output?: { statusCode?: number } } | undefined)?.output
    ?.statusCode;
}
