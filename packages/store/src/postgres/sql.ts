/**
 * @module The postgres.js pool of the store and the one way it runs statements: fixed SQL text
 * with `$n` parameters (never text built from input), as named prepared statements.
 */
import postgres from "postgres";

/** A row as postgres.js returns it (`int8` columns already parsed to numbers). */
export type Row = Record<string, unknown>;

/** The pool, or a transaction of it. */
export type Connection = postgres.Sql | postgres.TransactionSql | postgres.ReservedSql;

/** Runs one statement; `count` is the number of rows it touched. */
export type Query = (
  text: string,
  params?: readonly unknown[],
) => Promise<Row[] & { count: number }>;

/** Options of {@link openPool}. */
export interface PoolOptions {
  url: string;
  /** The schema every table lives in (the connection's `search_path`); default `public`. */
  schema?: string;
  /** Most connections at a time (default 10). */
  max?: number;
}

/**
 * Millisecond timestamps and `COUNT(*)` are `int8`: parsed to JS numbers (exact up to 2^53,
 * far beyond any timestamp or row count here), not the strings postgres.js returns by default.
 */
const INT8_AS_NUMBER = {
  to: 20,
  from: [20],
  serialize: (value: unknown) => String(value),
  parse: (value: string) => Number(value),
};

/** How long the server keeps a transaction whose client went silent (ms). */
export const IDLE_IN_TRANSACTION_MS = 5000;

/** Opens the pool (connections are made on first use). */
export function openPool(options: PoolOptions): postgres.Sql {
  return postgres(options.url, {
    max: options.max ?? 10,
    types: { int8: INT8_AS_NUMBER },
    onnotice: false,
    // A dropped server (restart, failover) costs one failed statement; the pool reconnects.
    connect_timeout: 10,
    connection: {
      search_path: options.schema ?? "public",
      application_name: "wa-store",
      // A client cut off mid-transaction (a partition: no reset) leaves its transaction open on
      // the server, holding the session's write lock until the server notices, i.e. for hours:
      // every other instance's write to that session waited. Ours never idle between statements
      // longer than a JS turn, so a few seconds bound the lock well within a lease's lifetime.
      idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
      // The same when the server is mid-answer (a pipelined write's results): its socket writes to
      // a cut client are never acknowledged, and the kernel ends the connection after this long.
      tcp_user_timeout: IDLE_IN_TRANSACTION_MS,
    },
  } as postgres.Options<Record<string, postgres.PostgresType>>);
}

/** The statement runner of a pool or transaction. */
export function queryOf(connection: Connection): Query {
  return (text, params = []) =>
    connection.unsafe(text, params as never[], { prepare: true }) as unknown as Promise<
      Row[] & { count: number }
    >;
}
