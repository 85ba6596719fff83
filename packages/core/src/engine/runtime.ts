/**
 * @module The runtime wrapper the server calls instead of an engine: start once (retry after a
 * failure), refuse calls after stop, check capabilities up front, and turn anything thrown into a
 * `WaError`.
 */
import { isWaError, toWaError, WaError } from "../errors.ts";
import { CAPABILITY_METHODS, type CapabilityKey } from "./capabilities.ts";
import type { WaEngine } from "./contract.ts";
import type { EngineContext } from "./ports.ts";

/** The guarded engine the server uses. */
export interface EngineRuntime {
  readonly engine: WaEngine;
  /** Starts the engine once; a failed start may be retried. */
  start(context: EngineContext): Promise<void>;
  /** Stops the engine; later calls throw `WA_ENGINE_STOPPED`. */
  stop(): Promise<void>;
  /** True once stop() was called. */
  readonly isStopped: boolean;
  /** Whether the engine has a capability. */
  supports(capability: CapabilityKey): boolean;
  /** Throws `WA_ENGINE_UNSUPPORTED` unless the engine has the capability. */
  require(capability: CapabilityKey): void;
  /** Calls an engine method: checks stop state and capability, wraps errors. */
  call<R>(capability: CapabilityKey | null, run: (engine: WaEngine) => Promise<R>): Promise<R>;
}

/** Wraps an engine in the runtime guard. */
export function createEngineRuntime(engine: WaEngine): EngineRuntime {
  const name = engine.info.name;
  let started: Promise<void> | null = null;
  let stopped = false;

  const stoppedError = () =>
    new WaError("WA_ENGINE_STOPPED", `[wa:${name}] the engine was stopped.`, { engine: name });

  const guard = async <R>(run: () => Promise<R>): Promise<R> => {
    if (stopped) throw stoppedError();
    try {
      return await run();
    } catch (error) {
      throw isWaError(error) ? error : toWaError(error, name);
    }
  };

  const runtime: EngineRuntime = {
    engine,
    get isStopped() {
      return stopped;
    },
    start(context) {
      // A stopped runtime stays stopped: without this, a start that had succeeded before stop()
      // would hand back its old resolved promise.
      if (stopped) return Promise.reject(stoppedError());
      started ??= guard(() => engine.start(context)).catch((error: unknown) => {
        started = null;
        throw error;
      });
      return started;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await engine.stop();
      } catch (error) {
        throw toWaError(error, name); // also catches a stop() that throws before returning a promise
      }
    },
    supports: (capability) => engine.capabilities[capability] === true,
    require(capability) {
      if (
        runtime.supports(capability) &&
        typeof engine[CAPABILITY_METHODS[capability]] === "function"
      )
        return;
      throw new WaError(
        "WA_ENGINE_UNSUPPORTED",
        `[wa:${name}] '${capability}' is not supported by the ${name} engine; try another engine.`,
        { engine: name, details: { capability } },
      );
    },
    // async, so that an unsupported capability rejects the promise instead of throwing in the caller.
    async call(capability, run) {
      if (capability) runtime.require(capability);
      return guard(() => run(engine));
    },
  };
  return runtime;
}
