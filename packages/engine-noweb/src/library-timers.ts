/**
 * @module The timer Baileys leaves behind when its socket ends. rc14's pre-key upload races the upload
 * against a 30 s `setTimeout` it never clears (`uploadPreKeys` in `lib/Socket/socket.js`), so after
 * `stop()` the process stayed alive up to 30 s. Baileys hands out no handle on that timer, but it logs
 * `uploading pre-keys` through the socket's logger synchronously just before it starts it. The engine's
 * logger therefore arms a one-shot capture of the next 30 s `setTimeout` for that synchronous stretch
 * only (restored at once, or at the next microtask at the latest), and `stop()` unrefs what it caught:
 * it no longer holds the process, and whatever it would settle still settles if the process lives on.
 *
 * Why not a process-wide `async_hooks` scope: enabling an `init` hook (or an AsyncLocalStorage, which
 * uses one on Node 20) slows every promise in the process about 2×, a price the server's reads and
 * ingestion would pay all the time for a timer that matters only when a library user stops.
 */
import type { SocketConfig } from "./baileys.ts";

type BaileysLogger = NonNullable<SocketConfig["logger"]>;

/** The line `uploadPreKeys` logs right before it starts its timeout (socket.js in 7.0.0-rc14). */
const UPLOAD_LINE = "uploading pre-keys";
/** Baileys' `UPLOAD_TIMEOUT` (Defaults in 7.0.0-rc14). */
const UPLOAD_TIMEOUT_MS = 30_000;

/** What an engine uses to keep Baileys' pre-key timer from outliving `stop()`. */
export interface LibraryTimers {
  /** The socket's logger, watching for the line that precedes the pre-key timer. */
  watch(logger: BaileysLogger): BaileysLogger;
  /** Unrefs the caught timers still pending (on `stop()` and `logout()`). */
  release(): void;
}

/** Makes one engine's timer catcher. */
export function createLibraryTimers(): LibraryTimers {
  const caught = new Set<WeakRef<NodeJS.Timeout>>();
  const note = (timer: NodeJS.Timeout) => caught.add(new WeakRef(timer));
  return {
    watch(logger) {
      const watched = Object.create(logger) as BaileysLogger;
      watched.info = (obj: unknown, msg?: string) => {
        if (msg === UPLOAD_LINE) catchNextTimeout(UPLOAD_TIMEOUT_MS, note);
        logger.info(obj, msg);
      };
      return watched;
    },
    release() {
      for (const ref of caught) ref.deref()?.unref();
      caught.clear();
    },
  };
}

/**
 * Hands `onTimer` the next `setTimeout` of `delayMs` started before the current synchronous code
 * ends. The global is swapped only for that stretch: it is put back as soon as the timer is caught
 * and, in any case, at the next microtask.
 */
export function catchNextTimeout(delayMs: number, onTimer: (timer: NodeJS.Timeout) => void): void {
  const original = globalThis.setTimeout;
  const restore = () => {
    if (globalThis.setTimeout === catching) globalThis.setTimeout = original;
  };
  const catching = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const timer = original(callback, ms, ...args);
    if (ms === delayMs) {
      restore();
      onTimer(timer);
    }
    return timer;
  }) as typeof setTimeout;
  globalThis.setTimeout = catching;
  queueMicrotask(restore);
}
