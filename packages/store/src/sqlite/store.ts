/** @module `createSqliteStore`: the embedded SQLite implementation of the `Store` interface. */
import type { ChatId, Contact, DomainEvent } from "@wa/core";
import { isWaError, WaError } from "@wa/core";
import type { OverviewRow, Store, StoreCounts } from "../types.ts";
import { createAnchorCache } from "./anchor-cache.ts";
import { applyEvent } from "./apply-events.ts";
import { createAuthStates } from "./auth-state.ts";
import { createChatReads } from "./chats-read.ts";
import { DEFAULT_UNIT_ROWS, splitIntoUnits } from "./event-units.ts";
import { createMessageReads } from "./messages-read.ts";
import { defaultStoreFile, openDatabase } from "./open.ts";
import { CONTACT_COLUMNS, type ContactRow, contactFromRow } from "./rows.ts";
import { createSessionOps, sessionRepository } from "./sessions.ts";
import { prepareWrites } from "./statements.ts";
import { createWriteQueue, yieldToEventLoop } from "./write-queue.ts";

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /** The database file; default `${WA_DATA_DIR ?? "./.sessions"}/wa.sqlite3`; `":memory:"` for tests. */
  file?: string;
  /** Rows written per transaction when a large event list is cut into units (default 250). */
  unitRows?: number;
}

/** Opens (creating and migrating when needed) the SQLite store. */
export function createSqliteStore(options: SqliteStoreOptions = {}): Store {
  const db = openDatabase(options.file ?? defaultStoreFile());
  const unitRows = options.unitRows ?? DEFAULT_UNIT_ROWS;
  const writes = prepareWrites(db);
  const anchors = createAnchorCache();
  const chats = createChatReads(db);
  const messages = createMessageReads(db, anchors);
  const sessions = createSessionOps(db);
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

  const applyUnit = db.transaction((session: string, unit: readonly DomainEvent[]) => {
    const touched = new Set<string>();
    for (const event of unit) applyEvent(writes, session, event, touched);
    anchors.invalidate(session, touched);
  });

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
  const queue = createWriteQueue();
  // Every write runs in order; database errors reach callers as WA_STORE_FAILURE.
  const write = <T>(run: () => T | Promise<T>): Promise<T> =>
    queue(run).catch((error: unknown) => {
      throw asStoreError(error);
    });

  return {
    apply(session, events) {
      const list = Array.isArray(events) ? events : [events as DomainEvent];
      return write(async () => {
        ensureOpen();
        const units = splitIntoUnits(list, unitRows);
        for (const [index, unit] of units.entries()) {
          // Between units, let the event loop breathe (the queue already yielded before the first).
          if (index > 0) await yieldToEventLoop();
          // Only the last unit's commit is fsynced: in WAL mode that one fsync makes every frame
          // written before it durable too, so the whole call is durable when its promise resolves,
          // without paying one fsync per unit.
          const last = index === units.length - 1;
          if (units.length > 1) db.pragma(last ? "synchronous = FULL" : "synchronous = NORMAL");
          applyUnit(session, unit);
        }
      });
    },

    listChats: (session, query) => read(() => chats.list(session, query)),
    getChat: (session, chatId) => read(() => chats.get(session, chatId)),
    overview: (session, query) =>
      read(() =>
        chats.overviewChats(session, query).map((chat): OverviewRow => {
          const members = query.merge ? messages.mergedChatIds(session, chat.id) : [chat.id];
          let contact: Contact | null = null;
          for (const id of members) contact ??= getContact(session, id);
          return { chat, lastMessage: messages.newestDisplayable(session, members), contact };
        }),
      ),

    listMessages: (session, chatId, query) => read(() => messages.list(session, chatId, query)),
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

    sessions: sessionRepository(sessions, write, (name) => anchors.invalidateSession(name)),
    authState: createAuthStates(db, write),

    close: () =>
      write(() => {
        if (closed) return;
        closed = true;
        db.close();
      }),
  };
}

function asStoreError(error: unknown): WaError {
  if (isWaError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new WaError("WA_STORE_FAILURE", `The store failed: ${message}`, { cause: error });
}
