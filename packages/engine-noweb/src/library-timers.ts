/**
 * @module Timers Baileys leaves behind when its socket ends. rc14's pre-key upload races the upload
 * against a 30 s `setTimeout` it never clears (`uploadPreKeys` in `lib/Socket/socket.js`), so after
 * `stop()` the process stayed alive up to 30 s. Baileys hands out no handle on that timer, so each
 * engine notes the timers created while Baileys runs on its behalf (an AsyncLocalStorage scope
 * entered where the socket is made; the engine's own `emit` calls leave it, so the store's and the
 * server's timers are never touched) and unrefs the ones still pending when it stops: they no
 * longer hold the process, and whatever they would settle still settles if the process lives on.
 */
import { AsyncLocalStorage, createHook } from "node:async_hooks";

/** One engine's timers, held weakly: a fired timer is garbage like any other. */
class TimerScope {
  private readonly timers = new Set<WeakRef<NodeJS.Timeout>>();

  add(timer: NodeJS.Timeout): void {
    this.timers.add(new WeakRef(timer));
    if (this.timers.size % 256 === 0) this.sweep();
  }

  /** Unrefs every timer still pending. */
  release(): void {
    for (const ref of this.timers) ref.deref()?.unref();
    this.timers.clear();
  }

  private sweep(): void {
    for (const ref of this.timers) if (!ref.deref()?.hasRef()) this.timers.delete(ref);
  }
}

const storage = new AsyncLocalStorage<TimerScope>();
let hookEnabled = false;

/** Notes every `Timeout` created inside a scope. Enabled once, by the first engine that starts. */
function enableHook(): void {
  if (hookEnabled) return;
  hookEnabled = true;
  createHook({
    init(_id, type, _trigger, resource) {
      if (type === "Timeout") storage.getStore()?.add(resource as NodeJS.Timeout);
    },
  }).enable();
}

/** What an engine uses to keep Baileys' timers from outliving `stop()`. */
export interface LibraryTimers {
  /** Runs `fn` (making the socket) so that everything it starts, later callbacks included, is noted. */
  run<T>(fn: () => T): T;
  /** Runs `fn` outside the scope: timers of the caller's own code (the store, the server) are theirs. */
  outside<T>(fn: () => T): T;
  /** Unrefs the noted timers still pending (on `stop()` and `logout()`). */
  release(): void;
}

/** Makes one engine's timer scope. */
export function createLibraryTimers(): LibraryTimers {
  const scope = new TimerScope();
  return {
    run(fn) {
      enableHook();
      return storage.run(scope, fn);
    },
    outside: (fn) => storage.exit(fn),
    release: () => scope.release(),
  };
}
