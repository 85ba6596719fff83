/**
 * @module One NOWEB session's connection: makes Baileys sockets, maps their events into domain events
 * through one serial queue (so the store applies them in order), reports the session status and
 * reconnects by the close policy. Nothing here throws into Baileys: every handler is wrapped.
 */
import { type DomainEvent, type SessionMe, type SessionStatus, WaError } from "@wa/core";
import type { BaileysEventMap, ConnectionState } from "@whiskeysockets/baileys";
import type { BaileysSocket } from "./baileys.ts";
import { decideOnClose } from "./connection-policy.ts";
import type { Connection, ConnectionDeps } from "./connection-types.ts";
import { ENGINE_NAME, statusCodeOf } from "./errors.ts";
import { createEventSink } from "./event-sink.ts";
import { createHistoryBacklog } from "./history-backlog.ts";
import { type EventMapContext, mapBaileysBatch } from "./map/events.ts";
import { toSessionMe } from "./map/me.ts";
import { createOwnEchoes } from "./own-echoes.ts";
import type { ReceiptGate } from "./receipt-gate.ts";
import { createSeenSet } from "./sent-ids.ts";
import { createSerialQueue } from "./serial-queue.ts";
import { createSessionSocket, pausableReader } from "./session-socket.ts";

/** Opens the first socket of a session. */
export function openConnection(deps: ConnectionDeps): Connection {
  const { ctx, auth } = deps;
  const log = ctx.logger.child({ engine: ENGINE_NAME, session: ctx.session });
  const queue = createSerialQueue((error) =>
    log.error({ err: error }, "noweb event handler failed"),
  );
  const seen = createSeenSet();
  const backlog = createHistoryBacklog(deps.historyBacklog);
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

  const { emitNow, emitTogether } = createEventSink(ctx, log);
  const ownEchoes = createOwnEchoes({ queue, sink: { emitNow, emitTogether }, mapCtx });

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
    ownEchoes.applied(ids);
  };

  function connect(): void {
    timer = undefined;
    if (intentional) return;
    const mine = ++generation;
    try {
      const { socket: current, gate } = createSessionSocket({
        ...deps,
        log,
        onLidMappings: (mappings) => {
          void queue.push(async () => {
            await emitNow({ type: "lid.mapping", mappings });
          });
        },
        isCurrent: () => mine === generation,
      });
      sock = current;
      backlog.attach(pausableReader(current));
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
    expectOwnEcho: (id) => ownEchoes.expect(id),
    settleOwnEcho: (raw, timeoutMs) => ownEchoes.settle(raw, timeoutMs),
    forgetOwnEcho: (id) => ownEchoes.forget(id),
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
