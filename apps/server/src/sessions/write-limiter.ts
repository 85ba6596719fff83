/**
 * @module Back-pressure for commands: each session has its own lane, where a few commands run at
 * once and a bounded number wait their turn. Past that bound a command is refused at once with
 * `WA_SERVER_BUSY` (503 with `Retry-After`) instead of waiting for seconds behind the others; a
 * session's lane never holds up another session's commands.
 */
import { WaError } from "@wa/core";

/** The bounds of every session's lane. */
export interface WriteLimits {
  /** Commands of one session running at once (`WA_SESSION_WRITE_CONCURRENCY`). */
  concurrency: number;
  /** Commands of one session waiting for a free place, past which they are refused (`WA_SESSION_WRITE_QUEUE`). */
  queue: number;
  /** The `Retry-After` of a refused command, in seconds. */
  retryAfterSeconds: number;
}

/** The defaults: 4 running and 16 waiting per session, retry after 1 s. */
export const DEFAULT_WRITE_LIMITS: WriteLimits = {
  concurrency: 4,
  queue: 16,
  retryAfterSeconds: 1,
};

/** Runs a session's commands within its lane's bounds. */
export interface WriteLimiter {
  /** Runs `command` once the session has a free place; throws `WA_SERVER_BUSY` when its queue is full. */
  run<T>(session: string, command: () => Promise<T>): Promise<T>;
  /** Commands of `session` running and waiting now. */
  load(session: string): { running: number; waiting: number };
}

interface Lane {
  running: number;
  waiting: Array<() => void>;
}

/** Creates the lanes (one per session with commands in flight, dropped once idle). */
export function createWriteLimiter(limits: WriteLimits = DEFAULT_WRITE_LIMITS): WriteLimiter {
  const lanes = new Map<string, Lane>();
  const concurrency = Math.max(1, limits.concurrency);

  const release = (session: string, lane: Lane) => {
    const next = lane.waiting.shift();
    // The place passes straight to the next waiting command: `running` stays as it is.
    if (next) return next();
    lane.running -= 1;
    if (lane.running === 0) lanes.delete(session);
  };

  return {
    async run(session, command) {
      let lane = lanes.get(session);
      if (!lane) {
        lane = { running: 0, waiting: [] };
        lanes.set(session, lane);
      }
      if (lane.running < concurrency) {
        lane.running += 1;
      } else if (lane.waiting.length < Math.max(0, limits.queue)) {
        const current = lane;
        await new Promise<void>((resolve) => current.waiting.push(resolve));
      } else {
        throw busy(session, limits);
      }
      try {
        return await command();
      } finally {
        release(session, lane);
      }
    },
    load(session) {
      const lane = lanes.get(session);
      return { running: lane?.running ?? 0, waiting: lane?.waiting.length ?? 0 };
    },
  };
}

// --- internal ---

function busy(session: string, limits: WriteLimits): WaError {
  const waiting = limits.concurrency + limits.queue;
  return new WaError(
    "WA_SERVER_BUSY",
    `Session '${session}' already has ${waiting} commands in flight; retry in ${limits.retryAfterSeconds} s.`,
    { details: { session, retryAfterSeconds: limits.retryAfterSeconds } },
  );
}
