/**
 * @module The port through which the session manager shares sessions with other server instances
 * (`cluster/` implements it on PostgreSQL leases). Without it the manager drives every session
 * itself, as a single instance on SQLite does.
 */

/** A server instance as clients and other instances see it. */
export interface SessionOwner {
  /** Unique per process. */
  instance: string;
  /** Internal base URL commands are forwarded to. */
  address: string;
}

/** Which instance drives which session. */
export interface SessionOwnership {
  /** This instance. */
  readonly self: SessionOwner;
  /** Takes the session for this instance; false when another live instance drives it. */
  claim(name: string): Promise<boolean>;
  /** Gives the session up (after stopping it here), so any instance may start it at once. */
  release(name: string): Promise<void>;
  /** Whether this instance drives the session (its lease is held and not about to lapse). */
  holds(name: string): boolean;
  /** The live owner of each given session that has one (this instance included). */
  owners(names: readonly string[]): Promise<Map<string, SessionOwner>>;
  /**
   * How many of `free` sessions nobody drives this instance should take in one round: its fair
   * share among the live instances, so that a dead instance's sessions are shared out.
   */
  share(free: number): Promise<number>;
  /** `listener` runs when this instance must stop driving a session at once (lease lost). */
  onLost(listener: (name: string) => void): void;
}

/**
 * Thrown where a request needs a session's live engine and another instance drives it; the route
 * layer forwards the request there (`cluster/forwarding.ts`).
 */
export class SessionOwnedElsewhere extends Error {
  constructor(
    readonly session: string,
    readonly owner: SessionOwner,
  ) {
    super(`Session '${session}' is driven by instance ${owner.instance} (${owner.address})`);
    this.name = "SessionOwnedElsewhere";
  }
}
