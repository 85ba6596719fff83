/**
 * @module The port through which several instances share webhook delivery without doubles
 * (`cluster/delivery-holds.ts` implements it on PostgreSQL). Every instance runs a dispatcher for
 * every (session, target); only the one holding the pair's hold claims and sends its events. A
 * hold is a claimed row with an expiry, renewed while its holder has events in hand, so it does
 * not depend on who drives the session: a stopped session's events go out too, and a former owner
 * finishes (or gives back) the retries it holds before anyone else may send them. Without the
 * port (one instance) every dispatcher delivers its own pair.
 */

/** The answer to a take. */
export type HoldAnswer =
  /** Ours, for `validMs` from the moment the take was sent. */
  | { held: true }
  /** Another instance holds it; it may be free in `retryInMs`. */
  | { held: false; retryInMs: number };

/** Holds on (session, webhook target) pairs, for one instance. */
export interface DeliveryHolds {
  /**
   * How long a granted take stays ours, counted from the moment it was sent (the hold's lifetime
   * minus a safety margin, so we stop sending before anyone else may start).
   */
  readonly validMs: number;
  /** Takes the pair's hold, or extends ours. */
  take(session: string, target: string): Promise<HoldAnswer>;
  /** Gives our hold up (after recording what was settled), so another instance may take it at once. */
  release(session: string, target: string): Promise<void>;
}
