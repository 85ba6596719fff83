/**
 * @module Back-pressure for commands: each session has its own lane, where a few commands run at
 * once and the others wait their turn. A command is refused at once with `WA_SERVER_BUSY` (503
 * with `Retry-After`) when its lane already has `queue` commands waiting, or when the commands
 * ahead of it would keep it waiting longer than `maxWaitMs` at the pace the session's recent
 * commands ran (WhatsApp's round trips, not this server, set that pace: NOWEB applies one chat
 * change at a time). The pace is pessimistic, the running average plus twice the running mean
 * deviation: command times under load spread widely (measured: median 140 ms, p99 1.4 s), and an
 * average alone admitted commands that then waited twice `maxWaitMs`. A session's lane never holds
 * up another session's commands.
 */
import { WaError } from "@wa/core";

/** The bounds of every session's lane. */
export interface WriteLimits {
  /** Commands of one session running at once (`WA_SESSION_WRITE_CONCURRENCY`). */
  concurrency: number;
  /** Commands of one session waiting for a free place, past which they are refused (`WA_SESSION_WRITE_QUEUE`). */
  queue: number;
  /** The longest expected wait a command is admitted to (`WA_SESSION_WRITE_MAX_WAIT_MS`). */
  maxWaitMs: number;
  /** The `Retry-After` of a refused command, in seconds. */
  retryAfterSeconds: number;
}

/** The defaults: 2 running and at most 16 waiting (for at most about 1 s) per session, retry after 1 s. */
export const DEFAULT_WRITE_LIMITS: WriteLimits = {
  concurrency: 2,
  queue: 16,
  maxWaitMs: 1000,
  retryAfterSeconds: 1,
};

/** Sessions whose command pace is remembered (the most recently used ones). */
const PACE_MEMORY = 1000;
/** Weight of the newest command in the running average (and mean deviation) of a session's command time. */
const PACE_WEIGHT = 0.3;
/** Mean deviations added to the average: what a command is expected to take at worst, most of the time. */
const PACE_DEVIATIONS = 2;

/** A session's command times: their running average and running mean deviation (ms). */
interface Pace {
  mean: number;
  deviation: number;
}

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
export function createWriteLimiter(
  limits: WriteLimits = DEFAULT_WRITE_LIMITS,
  now: () => number = () => performance.now(),
): WriteLimiter {
  const lanes = new Map<string, Lane>();
  // Per session, its command times (ms): what a waiting place costs.
  const paces = new Map<string, Pace>();
  const concurrency = Math.max(1, limits.concurrency);

  const recordPace = (session: string, ms: number) => {
    const previous = paces.get(session);
    paces.delete(session); // re-inserted last: the map's order is least recently used first
    paces.set(
      session,
      previous === undefined
        ? { mean: ms, deviation: 0 }
        : {
            mean: previous.mean + PACE_WEIGHT * (ms - previous.mean),
            deviation:
              previous.deviation +
              PACE_WEIGHT * (Math.abs(ms - previous.mean) - previous.deviation),
          },
    );
    if (paces.size > PACE_MEMORY) paces.delete(paces.keys().next().value as string);
  };
  /**
   * How long a command joining the queue now would wait, going by the session's pace. A session
   * with no pace yet is taken to need `maxWaitMs` per command: a first burst then waits for
   * little more than one round, instead of filling the queue before anything is known.
   */
  const expectedWaitMs = (session: string, lane: Lane) => {
    const pace = paces.get(session);
    const perPlace = pace ? pace.mean + PACE_DEVIATIONS * pace.deviation : limits.maxWaitMs;
    return Math.ceil((lane.waiting.length + 1) / concurrency) * perPlace;
  };

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
      } else if (
        lane.waiting.length < Math.max(0, limits.queue) &&
        expectedWaitMs(session, lane) <= limits.maxWaitMs
      ) {
        const current = lane;
        await new Promise<void>((resolve) => current.waiting.push(resolve));
      } else {
        throw busy(session, limits);
      }
      const started = now();
      try {
        return await command();
      } finally {
        recordPace(session, now() - started);
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
  return new WaError(
    "WA_SERVER_BUSY",
    `Session '${session}' has too many commands in flight to take another now; retry in ${limits.retryAfterSeconds} s.`,
    { details: { session, retryAfterSeconds: limits.retryAfterSeconds } },
  );
}
