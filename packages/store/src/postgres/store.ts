/**
 * @module `createPostgresStore`: the PostgreSQL implementation of the `Store` interface, for
 * several server instances sharing one database. Every write is a committed transaction
 * (PostgreSQL's `synchronous_commit` makes it durable before the commit returns); one session's
 * writes are serialized by a queue in this process and an advisory lock across processes.
 */
import type { DomainEvent } from "@wa/core";
import { isWaError, WaError } from "@wa/core";
import { eventRows, splitIntoUnits } from "../sqlite/event-units.ts";
import type { EventDraft } from "../sqlite/outbox-write.ts";
import { CONTACT_COLUMNS, type ContactRow, contactFromRow } from "../sqlite/rows.ts";
import type { OutboxEvent, Store, StoreCounts } from "../types.ts";
import { applyEvent } from "./apply-events.ts";
import { createAuthStates } from "./auth-state.ts";
import { createBucketDeltas } from "./buckets.ts";
import { createChatReads } from "./chats-read.ts";
import { createDeliveryOps, type InTransaction } from "./deliveries.ts";
import { createMessageReads } from "./messages-read.ts";
import { migrate } from "./migrate.ts";
import { createOutboxReads } from "./outbox-read.ts";
import { writeOutbox } from "./outbox-write.ts";
import { createOverviewRead } from "./overview-read.ts";
import { DEFAULT_RECONNECT_MS, withReconnect } from "./reconnect.ts";
import { createRetention } from "./retention.ts";
import { createSessionQueue, lockSession } from "./session-writes.ts";
import { createSessionRepository } from "./sessions.ts";
import { openPool, type Query, queryOf } from "./sql.ts";
import { createStatisticsKeeper } from "./statistics.ts";

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database` */
  url: string;
  /** The schema the tables live in (created when missing); default `public`. */
  schema?: string;
  /** Most connections of this store's pool (default 10). */
  maxConnections?: number;
  /** Rows per transaction when a large event list (history sync) is cut up (default 5,000). */
  unitRows?: number;
  /** How long a call retries while the server is unreachable (restart, failover), in ms (default 15 s). */
  reconnectMs?: number;
}

/** Rows a unit of a big `apply` writes in one transaction. */
export const DEFAULT_PG_UNIT_ROWS = 5000;

/** Opens the PostgreSQL store: connects, migrates (once across instances), and returns it. */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const schema = options.schema ?? "public";
  const pool = openPool({ url: options.url, schema, max: options.maxConnections });
  try {
    await migrate(pool, schema);
  } catch (error) {
    await pool.end({ timeout: 1 }).catch(() => undefined);
    throw asStoreError(error);
  }
  const reconnectMs = options.reconnectMs ?? DEFAULT_RECONNECT_MS;
  const once = queryOf(pool);
  // Single statements (reads, idempotent writes) and whole transactions are retried after a lost
  // connection; statements inside a transaction never are (their transaction is, as a whole).
  const query: Query = (text, params) => withReconnect(() => once(text, params), reconnectMs);
  const unitRows = options.unitRows ?? DEFAULT_PG_UNIT_ROWS;
  let closed = false;

  const inTransaction: InTransaction = (run) =>
    withReconnect(
      () => pool.begin((transaction) => run(queryOf(transaction))) as unknown as Promise<never>,
      reconnectMs,
    );
  const queue = createSessionQueue();
  const chats = createChatReads(query);
  const messages = createMessageReads(query);
  const overview = createOverviewRead(query, chats, messages);
  const outboxReads = createOutboxReads(query);
  const deliveries = createDeliveryOps(query, inTransaction);
  const prune = createRetention(query, inTransaction);
  const authStates = createAuthStates(query, inTransaction);
  const sessions = createSessionRepository(query, inTransaction, lockSession);
  const wrote = createStatisticsKeeper(query);

  /** Every call: rejected once closed, database errors as WA_STORE_FAILURE. */
  const guard = async <T>(run: () => Promise<T>): Promise<T> => {
    if (closed) throw new WaError("WA_STORE_FAILURE", "The store is closed.");
    try {
      return await run();
    } catch (error) {
      throw asStoreError(error);
    }
  };

  /** One unit of events in one transaction, under the session's write lock. */
  const applyUnit = (session: string, unit: readonly DomainEvent[]) =>
    inTransaction(async (q): Promise<OutboxEvent[]> => {
      await lockSession(q, session);
      const context = { query: q, session, buckets: createBucketDeltas(session), drafts: [] };
      for (const event of unit) await applyEvent(context, event);
      await context.buckets.flush(q);
      return writeOutbox(q, session, context.drafts as EventDraft[]);
    });

  return {
    apply(session, events) {
      const list = Array.isArray(events) ? events : [events as DomainEvent];
      return guard(() =>
        queue(session, async () => {
          const written: OutboxEvent[] = [];
          for (const unit of splitIntoUnits(list, unitRows)) {
            written.push(...(await applyUnit(session, unit)));
            wrote(unit.reduce((rows, event) => rows + eventRows(event), 0));
          }
          return { events: written };
        }),
      );
    },

    listChats: (session, request) => guard(() => chats.list(session, request)),
    getChat: (session, chatId) => guard(() => chats.get(session, chatId)),
    overview: (session, request) => guard(() => overview(session, request)),

    listMessages: (session, chatId, request) =>
      guard(() => messages.list(session, chatId, request)),
    listMessagesJson: (session, chatId, request) =>
      guard(() => messages.listJson(session, chatId, request)),
    listMessagesJsonArray: (session, chatId, request) =>
      guard(async () => {
        const texts = await messages.listJson(session, chatId, request);
        return { length: texts.length, text: `[${texts.join(",")}]` };
      }),
    getMessage: (session, chatId, ref) => guard(() => messages.get(session, chatId, ref)),
    getNewestMessage: (session, chatId) => guard(() => messages.newest(session, chatId)),

    getContact: (session, id) =>
      guard(async () => {
        const [row] = await query(
          `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE session = $1 AND id = $2`,
          [session, id],
        );
        return row ? contactFromRow(row as unknown as ContactRow) : null;
      }),
    resolveLid: (session, lid) => guard(async () => (await chats.resolverFor(session, [lid]))(lid)),
    counts: (session) =>
      guard(async (): Promise<StoreCounts> => {
        const [row] = await query(
          `SELECT (SELECT COUNT(*) FROM chats WHERE session = $1) AS chats,
            (SELECT COUNT(*) FROM messages WHERE session = $1) AS messages,
            (SELECT COUNT(*) FROM contacts WHERE session = $1) AS contacts,
            (SELECT COUNT(*) FROM lid_map WHERE session = $1) AS lid_mappings`,
          [session],
        );
        return {
          chats: Number(row?.chats),
          messages: Number(row?.messages),
          contacts: Number(row?.contacts),
          lidMappings: Number(row?.lid_mappings),
        };
      }),

    sessions: {
      get: (name) => guard(() => sessions.get(name)),
      list: () => guard(() => sessions.list()),
      put: (record) => guard(() => sessions.put(record)),
      insert: (record) => guard(() => sessions.insert(record)),
      delete: (name) => guard(() => queue(name, () => sessions.delete(name))),
    },
    outbox: {
      list: (session, request) =>
        guard(() => outboxReads.list(session, request.afterSeq, request.limit)),
      find: (session, id) => guard(() => outboxReads.find(session, id)),
      openTarget: (session, target, afterSeq) =>
        guard(() => deliveries.openTarget(session, target, afterSeq)),
      closeTargets: (session, keep) => guard(() => deliveries.closeTargets(session, keep)),
      claim: (session, target, request) =>
        guard(() =>
          outboxReads.claim(inTransaction, session, target, request.afterSeq, request.limit),
        ),
      settle: (session, target, outcomes, cursor) =>
        guard(() => deliveries.settle(session, target, outcomes, cursor)),
      deliveries: (session, request) => guard(() => deliveries.log(session, request)),
      redeliver: (session, eventIds) => guard(() => deliveries.redeliver(session, eventIds)),
      prune: (policy) => guard(() => prune(policy)),
    },
    authState(session) {
      const auth = authStates(session);
      // One session's auth writes keep their order (Baileys writes keys, then deletes some).
      const inOrder = <T>(run: () => Promise<T>) =>
        guard(() => queue(`\u0000auth ${session}`, run));
      return {
        get: (key) => guard(() => auth.get(key)),
        getMany: (keys) => guard(() => auth.getMany(keys)),
        setMany: (entries) => inOrder(() => auth.setMany(entries)),
        clear: () => inOrder(() => auth.clear()),
      };
    },

    async close() {
      if (closed) return;
      closed = true;
      // Waits for the statements in flight, then closes every connection.
      await pool.end({ timeout: 5 });
    },
  };
}

function asStoreError(error: unknown): WaError {
  if (isWaError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new WaError("WA_STORE_FAILURE", `The store failed: ${message}`, { cause: error });
}
