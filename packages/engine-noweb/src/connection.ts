/**
 * @module One NOWEB session's connection: makes Baileys sockets, maps their events into domain events
 * through one serial queue (so the store applies them in order), reports the session status and
 * reconnects by the close policy. Nothing here throws into Baileys: every handler is wrapped.
 */
import {
  type DomainEvent,
  type EngineContext,
  type SessionMe,
  type SessionStatus,
  WaError,
} from "@wa/core";
import type {
  BaileysEventMap,
  WAMessage as BaileysMessage,
  ConnectionState,
} from "@whiskeysockets/baileys";
import type { StoredAuthState } from "./auth-state.ts";
import type { BaileysModule, BaileysSocket, SocketConfig, SocketFactory } from "./baileys.ts";
import { decideOnClose, type ReconnectOptions } from "./connection-policy.ts";
import { ENGINE_NAME, statusCodeOf } from "./errors.ts";
import { gateSocket, tapSentNodes } from "./gate-socket.ts";
import { guardAsyncListeners } from "./guard-socket.ts";
import {
  createHistoryBacklog,
  type HistoryBacklogOptions,
  type PausableReader,
} from "./history-backlog.ts";
import { observeLidMappings } from "./lid-observer.ts";
import { type EventMapContext, mapBaileysBatch } from "./map/events.ts";
import { toSessionMe } from "./map/me.ts";
import type { OwnArchives } from "./own-archives.ts";
import type { ReceiptGate } from "./receipt-gate.ts";
import { createSeenSet, type SentIds } from "./sent-ids.ts";
import { createSerialQueue } from "./serial-queue.ts";

/** What a connection needs. */
export interface ConnectionDeps {
  ctx: EngineContext;
  baileys: BaileysModule;
  auth: StoredAuthState;
  socketFactory: SocketFactory;
  /** The socket config without `auth` (built from the engine options). */
  socketConfig: Omit<SocketConfig, "auth">;
  reconnect?: ReconnectOptions;
  sentIds: SentIds;
  /** Our own archive changes: Baileys' echo of them is no new `chat.archive`. */
  ownArchives?: OwnArchives;
  /** How long a receipt waits for a message Baileys never emitted (see `receipt-gate.ts`). */
  orphanReceiptMs?: number;
  /** Back-pressure of history sync (see `history-backlog.ts`). */
  historyBacklog?: HistoryBacklogOptions;
}

/** A running connection. */
export interface Connection {
  /** The current status. */
  readonly status: SessionStatus;
  /** The logged-in account, once open. */
  readonly me: SessionMe | undefined;
  /** The current socket; throws `WA_ENGINE_NOT_CONNECTED` unless the session is WORKING. */
  socket(): BaileysSocket;
  /** The current socket whatever the status (pairing-code requests need it before login). */
  rawSocket(): BaileysSocket | undefined;
  /** Queues a domain event behind the ones being applied. */
  emit(event: DomainEvent): Promise<void>;
  /** Announces an own message id about to be sent (before sending, so its echo cannot be missed). */
  expectOwnEcho(id: string): void;
  /**
   * Resolves once what the engine sent (`raw`, announced with `expectOwnEcho`) is applied: when
   * Baileys' own copy of it has gone through the queue, or, if none came within `timeoutMs`, after
   * emitting it ourselves. So a caller can edit or read what it just sent at once.
   */
  settleOwnEcho(raw: BaileysMessage, timeoutMs: number): Promise<void>;
  /** Forgets an announced id whose send failed. */
  forgetOwnEcho(id: string): void;
  /** Closes the socket without reconnecting. */
  stop(): Promise<void>;
  /** Unlinks the device, then forgets the credentials. */
  logout(): Promise<void>;
  /** Resolves once every queued event has been applied. */
  idle(): Promise<void>;
}

/** Opens the first socket of a session. */
export function openConnection(deps: ConnectionDeps): Connection {
  const { ctx, auth, baileys } = deps;
  const log = ctx.logger.child({ engine: ENGINE_NAME, session: ctx.session });
  const queue = createSerialQueue((error) =>
    log.error({ err: error }, "noweb event handler failed"),
  );
  const seen = createSeenSet();
  const backlog = createHistoryBacklog(deps.historyBacklog);
  /** Sent ids waiting for Baileys' echo, with the resolver of each. */
  const ownEchoes = new Map<string, { seen: Promise<void>; resolve: () => void }>();
  let sock: BaileysSocket | undefined;
  let generation = 0;
  let status: SessionStatus = "STARTING";
  let me: SessionMe | undefined;
  let attempt = 0;
  let intentional = false;
  let timer: NodeJS.Timeout | undefined;

  const mapCtx: EventMapContext = {
    sentByApi: (id) => deps.sentIds.has(id),
    nowSeconds: () => Math.floor(Date.now() / 1000),
    seen,
    onMapError: (error, what) =>
      log.warn({ err: error, what }, "a Baileys payload could not be mapped"),
    isOwnArchiveEcho: (chatId, archived) => deps.ownArchives?.isEcho(chatId, archived) ?? false,
  };

  /** Applies one event; false when the sink failed (the error is logged, never thrown). */
  const emitNow = async (event: DomainEvent): Promise<boolean> => {
    try {
      if (event.type === "message.ack" && !event.participant && (await isAckStale(event))) {
        return true;
      }
      await ctx.emit(event);
      return true;
    } catch (error) {
      log.error({ err: error, event: event.type }, "emitting a domain event failed");
      return false;
    }
  };

  // The store never lowers an ack either; checking here saves a write and a webhook.
  const isAckStale = async (event: Extract<DomainEvent, { type: "message.ack" }>) => {
    const stored = await ctx.messages.getMessage(event.key).catch(() => null);
    return stored !== null && stored.ack >= event.ack;
  };

  const isStale = (event: DomainEvent) =>
    event.type === "message.ack" && !event.participant ? isAckStale(event) : false;

  /**
   * Applies what arrived together; false when the sink failed (logged, never thrown). With the
   * context's `emitAll` that is one durable write for the whole batch: receipts held by the gate
   * wait for one fsync, not one per event behind every other write of the store.
   */
  const emitTogether = async (events: readonly DomainEvent[]): Promise<boolean> => {
    const emitAll = ctx.emitAll;
    if (!emitAll || events.length < 2) {
      let applied = true;
      for (const event of events) applied = (await emitNow(event)) && applied;
      return applied;
    }
    const fresh: DomainEvent[] = [];
    for (const event of events) if (!(await isStale(event))) fresh.push(event);
    if (fresh.length === 0) return true;
    try {
      await emitAll(fresh);
      return true;
    } catch (error) {
      log.error({ err: error, events: fresh.length }, "emitting domain events failed");
      return false;
    }
  };

  const setStatus = async (next: SessionStatus, extra: Partial<DomainEvent> = {}) => {
    status = next;
    await emitNow({ type: "session.status", status: next, ...extra } as DomainEvent);
  };

  const onConnectionUpdate = async (update: Partial<ConnectionState>, current: BaileysSocket) => {
    if (update.qr) await setStatus("SCAN_QR_CODE", { qr: update.qr });
    if (update.connection === "open") {
      attempt = 0;
      me = toSessionMe(current.user);
      mapCtx.meId = me?.id;
      await setStatus("WORKING", me ? { me } : {});
    }
    if (update.connection === "close") await onClose(update.lastDisconnect?.error);
  };

  const onClose = async (error: Error | undefined) => {
    const decision = decideOnClose(
      {
        statusCode: statusCodeOf(error),
        message: error?.message ?? "connection closed",
        status,
        intentional,
        attempt,
      },
      deps.reconnect,
    );
    log.info({ decision, statusCode: statusCodeOf(error) }, "noweb connection closed");
    switch (decision.action) {
      case "stopped":
        return;
      case "restart":
        // Paired: the QR is done. Not reported (WAHA and the memory engine go SCAN_QR_CODE →
        // WORKING), but a failed login after this is a lost connection, not an unscanned QR.
        status = "STARTING";
        connect();
        return;
      case "reconnect":
        attempt++;
        await setStatus("STARTING");
        timer = setTimeout(connect, decision.delayMs);
        return;
      case "fail":
        // Late events of the dead socket (e.g. a creds save) must not act on the failed session.
        closeSocket();
        if (decision.clearCredentials) await auth.clear();
        await setStatus("FAILED", { reason: decision.reason });
        return;
    }
  };

  const handleBatch = async (
    batch: Partial<BaileysEventMap>,
    current: BaileysSocket,
    gate: ReceiptGate | undefined,
  ) => {
    if (batch["creds.update"]) await auth.saveCreds();
    if (batch["connection.update"]) await onConnectionUpdate(batch["connection.update"], current);
    const applied = await emitTogether(mapBaileysBatch(batch, mapCtx));
    const ids = upsertedIds(batch);
    if (applied) {
      // Stored: WhatsApp may now be told it has been delivered.
      gate?.applied(ids);
    } else if (ids.length > 0 && sock === current) {
      // Never acknowledged: a new socket makes WhatsApp deliver these messages again.
      log.error(
        { ids },
        "incoming messages were not stored; reconnecting to have them delivered again",
      );
      current.end(new Error("the store failed to apply incoming messages")).catch(() => {});
    }
    // Everything of this batch is applied: wake sends waiting for their echo.
    for (const id of ids) ownEchoes.get(id)?.resolve();
  };

  function connect(): void {
    timer = undefined;
    if (intentional) return;
    const mine = ++generation;
    try {
      const observed = observeLidMappings(auth.state.keys, (mappings) => {
        void queue.push(async () => {
          await emitNow({ type: "lid.mapping", mappings });
        });
      });
      const keys = baileys.makeCacheableSignalKeyStore(observed);
      let gate: ReceiptGate | undefined;
      const current = deps.socketFactory({
        ...deps.socketConfig,
        logger: tapSentNodes(deps.socketConfig.logger, (node) => gate?.nextNode(node)),
        auth: { creds: auth.state.creds, keys },
      });
      gate = gateSocket(current, {
        ...(deps.orphanReceiptMs === undefined ? {} : { orphanAfterMs: deps.orphanReceiptMs }),
        onOrphan: (id) => log.warn({ id }, "Baileys emitted no message for a stanza; receipt sent"),
        onWriteError: (error) => log.debug({ err: error }, "a held frame could not be sent"),
      });
      sock = current;
      backlog.attach(pausableReader(current));
      guardAsyncListeners(current.ws as never, "message", (error) => {
        log.warn({ err: error }, "Baileys failed to decode a frame; reconnecting");
        // The Noise decoder state is unknown after a bad frame: start over on a new socket.
        if (mine === generation) {
          const reason = error instanceof Error ? error : new Error(String(error));
          current
            .end(reason)
            .catch((endError: unknown) => log.warn({ err: endError }, "end failed"));
        }
      });
      current.ev.process((batch) => {
        if (mine !== generation) {
          // A socket we already replaced is stale, except for the history it still hands over:
          // Baileys acknowledges a history notification on arrival and downloads it afterwards, so
          // a chunk that finishes after a drop is never sent again; storing it is idempotent.
          const history = batch["messaging-history.set"];
          if (history) {
            const applied = backlog.add(history.messages.length);
            void queue.push(async () => {
              try {
                await emitTogether(mapBaileysBatch({ "messaging-history.set": history }, mapCtx));
              } finally {
                applied();
              }
            });
          }
          return;
        }
        gate?.upserted(upsertedIds(batch));
        const applied = backlog.add(batch["messaging-history.set"]?.messages.length ?? 0);
        void queue.push(async () => {
          try {
            await handleBatch(batch, current, gate);
          } finally {
            applied();
          }
        });
      });
    } catch (error) {
      log.error({ err: error }, "creating the Baileys socket failed");
      void queue.push(() =>
        setStatus("FAILED", { reason: `socket creation failed: ${String(error)}` }),
      );
    }
  }

  const closeSocket = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const current = sock;
    sock = undefined;
    generation++;
    return current;
  };

  void queue.push(() => setStatus("STARTING"));
  connect();

  return {
    get status() {
      return status;
    },
    get me() {
      return me;
    },
    socket() {
      if (!sock || status !== "WORKING") {
        throw new WaError(
          "WA_ENGINE_NOT_CONNECTED",
          `[wa:${ENGINE_NAME}] session '${ctx.session}' is ${status}, not WORKING: wait for it to connect and retry.`,
          { engine: ENGINE_NAME, details: { status } },
        );
      }
      return sock;
    },
    rawSocket: () => sock,
    emit(event) {
      // Commands await this: a store failure fails the command instead of vanishing in the queue.
      let failure: { error: unknown } | undefined;
      const applied = queue.push(() =>
        ctx.emit(event).catch((error: unknown) => {
          failure = { error };
        }),
      );
      return applied.then(() => {
        if (failure) throw failure.error;
      });
    },
    expectOwnEcho(id) {
      let resolve = () => {};
      const seen = new Promise<void>((done) => {
        resolve = done;
      });
      ownEchoes.set(id, { seen, resolve });
    },
    async settleOwnEcho(raw, timeoutMs) {
      const id = raw.key?.id ?? "";
      const pending = ownEchoes.get(id);
      let timeout: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((done) => {
        timeout = setTimeout(() => done(true), timeoutMs);
      });
      const missing = pending
        ? await Promise.race([pending.seen.then(() => false), timedOut])
        : true;
      clearTimeout(timeout);
      ownEchoes.delete(id);
      if (!missing) return;
      // No echo (e.g. `emitOwnEvents: false`): emit it ourselves; effects stay deduplicated.
      const batch = { "messages.upsert": { type: "append" as const, messages: [raw] } };
      const events = mapBaileysBatch(batch, mapCtx);
      await queue.push(async () => {
        for (const event of events) await emitNow(event);
      });
    },
    forgetOwnEcho: (id) => {
      ownEchoes.delete(id);
    },
    async stop() {
      if (intentional) return queue.idle();
      intentional = true;
      const current = closeSocket();
      await current
        ?.end(undefined)
        .catch((error: unknown) => log.warn({ err: error }, "end failed"));
      await queue.push(() => setStatus("STOPPED"));
    },
    async logout() {
      intentional = true;
      const current = sock;
      if (current && status === "WORKING") {
        await current.logout().catch((error: unknown) => log.warn({ err: error }, "logout failed"));
      }
      closeSocket();
      await current
        ?.end(undefined)
        .catch((error: unknown) => log.warn({ err: error }, "end failed"));
      // Same end state as an unlink from the phone: FAILED, no credentials (WAHA: a new QR is needed).
      await queue.push(async () => {
        await auth.clear();
        await setStatus("FAILED", { reason: "logged out" });
      });
    },
    idle: () => queue.idle(),
  };
}

/** The ids of the messages a Baileys batch upserts. */
function upsertedIds(batch: Partial<BaileysEventMap>): string[] {
  const ids: string[] = [];
  for (const message of batch["messages.upsert"]?.messages ?? []) {
    if (message.key?.id) ids.push(message.key.id);
  }
  return ids;
}

/**
 * The `ws` WebSocket under Baileys' socket client, looked up at each call (the client makes it on
 * connect); pausing it stops reading frames, so TCP holds what the sender has not delivered yet.
 */
function pausableReader(current: BaileysSocket): PausableReader {
  const client = current.ws as unknown as { socket?: PausableReader | null } | undefined;
  return {
    pause: () => client?.socket?.pause(),
    resume: () => client?.socket?.resume(),
  };
}
