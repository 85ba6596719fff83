/** @module `createSqliteStore`: the embedded SQLite implementation of the `Store` interface. */
import type { ChatId, Contact, DomainEvent } from "@wa/core";
import { isWaError, WaError } from "@wa/core";
import type { Store, StoreCounts } from "../types.ts";
import { createApplyUnit } from "./apply-unit.ts";
import { createAuthStates } from "./auth-state.ts";
import { createChatReads } from "./chats-read.ts";
import { createDeliveryOps } from "./deliveries.ts";
import { DEFAULT_TRANSACTION_ROWS, DEFAULT_UNIT_ROWS, eventRows } from "./event-units.ts";
import { createIngestClient } from "./ingest-client.ts";
import { createMessageReads } from "./messages-read.ts";
import { defaultStoreFile, openDatabase } from "./open.ts";
import { createOutboxReads } from "./outbox-read.ts";
import { createOverviewRead } from "./overview-read.ts";
import { createRetention } from "./retention.ts";
import { CONTACT_COLUMNS, type ContactRow, contactFromRow } from "./rows.ts";
import { createSessionOps, sessionRepository } from "./sessions.ts";
import { createUnitWriter } from "./unit-writer.ts";
import { createWalSync } from "./wal-sync.ts";
import { createWriteQueue } from "./write-queue.ts";

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /** The database file; default `${WA_DATA_DIR ?? "./.sessions"}/wa.sqlite3`; `":memory:"` for tests. */
  file?: string;
  /** Rows per unit when a large event list is cut up; the loop turns between units (default 125). */
  unitRows?: number;
  /** Rows per transaction of such a list (default 1,000). */
  transactionRows?: number;
  /** What makes commits durable before a write resolves; default: fsync of the WAL file. */
  syncWal?: () => Promise<void>;
  /**
   * An `apply()` of more rows than this (history sync) is written by a worker thread with its own
   * connection, so the event loop stays free (default 125; `Infinity`: never). A database file
   * only: an in-memory database is written on the main thread.
   */
  offloadRows?: number;
  /** Rows per unit handed to the worker (default 500). */
  ingestUnitRows?: number;
  /** Units handed to the worker and not yet applied, at most (default 4). */
  ingestUnitsInFlight?: number;
  /**
   * Rows per transaction in the worker (default 5,000): fewer commits rewrite the hot index pages
   * into the WAL fewer times; the main thread's reads are not held up by an open transaction.
   */
  ingestTransactionRows?: number;
}

/** Opens (creating and migrating when needed) the SQLite store. */
export function createSqliteStore(options: SqliteStoreOptions = {}): Store {
  const file = options.file ?? defaultStoreFile();
  const db = openDatabase(file);
  const walSync = createWalSync(file);
  const syncWal = options.syncWal ?? walSync;
  const unitRows = options.unitRows ?? DEFAULT_UNIT_ROWS;
  const transactionRows = options.transactionRows ?? DEFAULT_TRANSACTION_ROWS;
  const offloadRows = options.offloadRows ?? DEFAULT_UNIT_ROWS;
  const inMemory = file === ":memory:" || file === "";
  const ingest = inMemory
    ? null
    : createIngestClient(file, {
        unitRows: options.ingestUnitRows ?? 500,
        unitsInFlight: options.ingestUnitsInFlight ?? 4,
        transactionRows: options.ingestTransactionRows ?? 5_000,
      });
  const chats = createChatReads(db);
  const messages = createMessageReads(db);
  const overview = createOverviewRead(db, chats, messages);
  const sessions = createSessionOps(db);
  const outboxReads = createOutboxReads(db);
  const deliveries = createDeliveryOps(db);
  const contactById = db.prepare(
    `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE session = ? AND id = ?`,
  );
  const countOf = (table: string) =>
    db.prepare(`SELECT COUNT(*) FROM ${table} WHERE session = ?`).pluck();
  const counters = {
    chats: countOf("chats"),
    messages: countOf("messages"),
    contacts: countOf("contacts"),
    lidMappings: countOf("lid_map"),
  };
  let closed = false;

  const writeUnits = createUnitWriter(db, createApplyUnit(db), { unitRows, transactionRows });

  const getContact = (session: string, id: ChatId): Contact | null => {
    const row = contactById.get(session, id) as ContactRow | undefined;
    return row ? contactFromRow(row) : null;
  };

  const ensureOpen = () => {
    if (closed) throw new WaError("WA_STORE_FAILURE", "The store is closed.");
  };
  const read = async <T>(run: () => T): Promise<T> => {
    ensureOpen();
    try {
      return run();
    } catch (error) {
      throw asStoreError(error);
    }
  };
  const guarded = <T>(run: () => T): T => {
    ensureOpen();
    return run();
  };
  const queue = createWriteQueue();
  // Every write runs in order and resolves once durable (its commits fsynced, off the event
  // loop); database errors reach callers as WA_STORE_FAILURE.
  const write = <T>(run: () => T | Promise<T>): Promise<T> =>
    queue(async () => {
      const result = await run();
      if (closed) return result; // closing checkpointed everything
      await syncWal();
      return result;
    }).catch((error: unknown) => {
      throw asStoreError(error);
    });

  const prune = createRetention(db, (run) => write(() => guarded(run)));

  return {
    apply(session, events) {
      const list = Array.isArray(events) ? events : [events as DomainEvent];
      return write(async () => {
        ensureOpen();
        const rows = list.reduce((sum, event) => sum + eventRows(event), 0);
        const offload = ingest !== null && rows > offloadRows;
        return {
          events: await (offload ? ingest.apply(session, list) : writeUnits(session, list)),
        };
      });
    },

    listChats: (session, query) => read(() => chats.list(session, query)),
    getChat: (session, chatId) => read(() => chats.get(session, chatId)),
    overview: (session, query) => read(() => overview(session, query)),

    listMessages: (session, chatId, query) => read(() => messages.list(session, chatId, query)),
    listMessagesJson: (session, chatId, query) =>
      read(() => messages.listJson(session, chatId, query)),
    listMessagesJsonArray: (session, chatId, query) =>
      read(() => messages.listJsonArray(session, chatId, query)),
    getMessage: (session, chatId, ref) => read(() => messages.get(session, chatId, ref)),
    getNewestMessage: (session, chatId) => read(() => messages.newest(session, chatId)),

    getContact: (session, id) => read(() => getContact(session, id)),
    resolveLid: (session, lid) => read(() => chats.resolver(session)(lid)),
    counts: (session) =>
      read(
        (): StoreCounts => ({
          chats: Number(counters.chats.get(session)),
          messages: Number(counters.messages.get(session)),
          contacts: Number(counters.contacts.get(session)),
          lidMappings: Number(counters.lidMappings.get(session)),
        }),
      ),

    sessions: sessionRepository(sessions, write),
    outbox: {
      list: (session, query) => read(() => outboxReads.list(session, query.afterSeq, query.limit)),
      find: (session, id) => read(() => outboxReads.find(session, id)),
      openTarget: (session, target, afterSeq) =>
        write(() => guarded(() => deliveries.openTarget(session, target, afterSeq))),
      closeTargets: (session, keep) =>
        write(() => guarded(() => deliveries.closeTargets(session, keep))),
      claim: (session, target, query) =>
        read(() => outboxReads.claim(session, target, query.afterSeq, query.limit)),
      settle: (session, target, outcomes, cursor) =>
        write(() => guarded(() => deliveries.settle(session, target, outcomes, cursor))),
      deliveries: (session, query) => read(() => deliveries.log(session, query)),
      redeliver: (session, eventIds) =>
        write(() => guarded(() => deliveries.redeliver(session, eventIds))),
      prune: (policy) => prune(policy),
    },
    authState: createAuthStates(db, write),

    close: () =>
      write(async () => {
        if (closed) return;
        closed = true;
        // The worker's connection first: the last one to close checkpoints the WAL.
        await ingest?.close();
        db.close();
        await walSync.close();
      }),
  };
}

function asStoreError(error: unknown): WaError {
  if (isWaError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new WaError("WA_STORE_FAILURE", `The store failed: ${message}`, { cause: error });
}
