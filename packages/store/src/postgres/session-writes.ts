/**
 * @module Serializes the writes of one session: in this process a queue per session (another
 * session's writes run meanwhile), and across processes a transaction-level advisory lock per
 * session that each write transaction takes first, so two instances writing one session (a
 * handover) take turns and the outbox's seqs commit in order.
 */
import type { Query } from "./sql.ts";

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

/** Takes the session's write lock until the transaction ends (first statement of a write). */
export async function lockSession(query: Query, session: string): Promise<void> {
  await query("SELECT pg_advisory_xact_lock(hashtext('wa-store session ' || $1::text))", [session]);
}
