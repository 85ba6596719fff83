/**
 * @module Serializes the writes of one session: in this process a queue per session (another
 * session's writes run meanwhile), and across processes a transaction-level advisory lock per
 * session that each write transaction takes first, so two instances writing one session (a
 * handover) take turns and the outbox's seqs commit in order.
 */
import { IDLE_IN_TRANSACTION_MS, type Query } from "./sql.ts";

/** Runs `run` after every earlier write of the same session settled. */
export type SessionQueue = <T>(session: string, run: () => Promise<T>) => Promise<T>;

export function createSessionQueue(): SessionQueue {
  const tails = new Map<string, Promise<unknown>>();
  return (session, run) => {
    const previous = tails.get(session) ?? Promise.resolve();
    const next = previous.then(run);
    // A failed write must not block the writes queued after it.
    const tail = next.catch(() => undefined);
    tails.set(session, tail);
    void tail.then(() => {
      if (tails.get(session) === tail) tails.delete(session);
    });
    return next;
  };
}

/**
 * How long a backend may hold a session's write lock while waiting on its client before it counts
 * as lost (ms). Our transactions wait on the client for a JS turn between statements, never for
 * seconds: the server-side idle-in-transaction bound, applied to the state that bound misses.
 */
const LOST_HOLDER_MS = IDLE_IN_TRANSACTION_MS;

/** The session's lock key: one `bigint`, as `pg_locks` shows it split into two `oid`s. */
const KEY = "hashtext('wa-store session ' || $1::text)::bigint";

const TRY_LOCK = `SELECT pg_try_advisory_xact_lock(${KEY}) AS locked`;

/**
 * Ends the backends that hold the session's lock while silent on their client's side for longer
 * than $2 ms. The server's idle-in-transaction timeout misses one state: a client cut off between
 * a statement's Parse and its Sync (postgres.js describes a new statement first, then binds it)
 * leaves its backend "active", reading, with no timeout at all; behind a partition that read ends
 * only when TCP gives up, hours later, and every other instance's write to the session waits.
 */
const END_LOST_HOLDERS = `
  SELECT pg_terminate_backend(activity.pid)
  FROM pg_locks AS lock JOIN pg_stat_activity AS activity ON activity.pid = lock.pid
  WHERE lock.locktype = 'advisory' AND lock.granted AND lock.objsubid = 1
    AND lock.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND lock.classid = ((${KEY} >> 32) & 4294967295)::oid
    AND lock.objid = (${KEY} & 4294967295)::oid
    AND activity.pid <> pg_backend_pid()
    -- Only backends this role may end (another role's would make pg_terminate_backend raise).
    AND pg_has_role(activity.usesysid, 'MEMBER')
    AND activity.wait_event = 'ClientRead'
    AND activity.state_change < clock_timestamp() - make_interval(secs => $2::float8 / 1000)`;

/**
 * Takes the session's write lock until the transaction ends (first statement of a write). While
 * another backend holds it, waits in short pauses, ending a holder whose client is lost (above).
 */
export async function lockSession(query: Query, session: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const [row] = await query(TRY_LOCK, [session]);
    if (row?.locked) return;
    // About twice a second once the wait is no longer a short turn-taking between two writers.
    if (attempt >= 4 && attempt % 5 === 4) await query(END_LOST_HOLDERS, [session, LOST_HOLDER_MS]);
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, 5 * 2 ** attempt)));
  }
}
