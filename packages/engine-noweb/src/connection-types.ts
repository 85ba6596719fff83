/**
 * @module What a NOWEB session's connection needs (`ConnectionDeps`) and what it offers the engine
 * and the commands (`Connection`); `openConnection` in `connection.ts` makes one.
 */
import type { DomainEvent, EngineContext, SessionMe, SessionStatus } from "@wa/core";
import type { WAMessage as BaileysMessage } from "@whiskeysockets/baileys";
import type { StoredAuthState } from "./auth-state.ts";
import type { BaileysModule, BaileysSocket, SocketConfig, SocketFactory } from "./baileys.ts";
import type { ReconnectOptions } from "./connection-policy.ts";
import type { HistoryBacklogOptions } from "./history-backlog.ts";
import type { OwnArchives } from "./own-archives.ts";
import type { SentIds } from "./sent-ids.ts";

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
