/**
 * @module Rides out a restart or failover of the server. A statement or transaction that failed
 * because its connection was lost or refused never committed (or, if the loss hit the COMMIT
 * reply, committed exactly what a replay writes again: every store write is idempotent), so it
 * is run again on a new connection, with a growing pause, until a deadline.
 */

/** How long a failed call keeps trying to reconnect before it rejects (ms). */
export const DEFAULT_RECONNECT_MS = 15_000;

/** Runs `run` again while it fails with a connection error, until `deadlineMs` have passed. */
export async function withReconnect<T>(run: () => Promise<T>, deadlineMs: number): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isConnectionError(error) || Date.now() >= deadline) throw error;
      const pause = Math.min(1000, 50 * 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** Whether an error means "the connection went away or could not be made", not "the SQL failed". */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return false;
  return (
    code.startsWith("08") || // connection exceptions
    code === "57P01" || // admin shutdown (fast restart)
    code === "57P02" || // crash shutdown
    code === "57P03" || // cannot connect now (starting up)
    code === "CONNECTION_CLOSED" ||
    code === "CONNECTION_DESTROYED" ||
    code === "CONNECT_TIMEOUT" ||
    code === "ECONNREFUSED" ||
    code === "ECONNRESET" ||
    code === "EPIPE"
  );
}
