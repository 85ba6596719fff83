/**
 * @module Graceful stop for the server process: on SIGTERM or SIGINT, run the registered steps
 * (last registered first: the HTTP server and its sessions before the store they write to) and exit
 * 0; a failed step, the deadline or a second signal exits 1 at once. Installed before anything
 * starts, so a signal during startup is never ignored (as PID 1 in a container, Node ignores
 * SIGTERM that has no handler).
 */

/** What the shutdown needs from the process (tests pass a fake). */
export interface ShutdownProcess {
  once(signal: NodeJS.Signals, listener: () => void): unknown;
  exit(code: number): void;
}

/** The logger calls used here (pino's shape). */
export interface ShutdownLogger {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Options of {@link installShutdown}. */
export interface ShutdownOptions {
  logger: ShutdownLogger;
  /** How long the steps may take before the process exits anyway. @default 10_000 */
  timeoutMs?: number;
  /** @default the real process */
  process?: ShutdownProcess;
  /** @default SIGTERM and SIGINT */
  signals?: readonly NodeJS.Signals[];
}

/** The installed shutdown. */
export interface Shutdown {
  /** Adds a step; steps run one at a time, the last added first. */
  add(name: string, step: () => Promise<void> | void): void;
  /** Runs the steps and exits, as a signal does (idempotent). */
  run(reason: string): Promise<void>;
}

/** Default deadline: container runtimes send SIGKILL 10 s after SIGTERM (`docker stop`). */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

/** Listens for the stop signals now; the steps are added as the things they stop are created. */
export function installShutdown(options: ShutdownOptions): Shutdown {
  const proc = options.process ?? process;
  const timeoutMs = options.timeoutMs ?? SHUTDOWN_TIMEOUT_MS;
  const steps: { name: string; step: () => Promise<void> | void }[] = [];
  let running: Promise<void> | null = null;
  let exited = false;
  const exit = (code: number) => {
    if (exited) return;
    exited = true;
    proc.exit(code);
  };

  const run = (reason: string): Promise<void> => {
    if (running !== null) return running;
    options.logger.info({ reason, timeoutMs }, "shutting down");
    const deadline = setTimeout(() => {
      options.logger.error({ timeoutMs }, "shutdown took too long; exiting now");
      exit(1);
    }, timeoutMs);
    running = runSteps(steps, options.logger).then((ok) => {
      clearTimeout(deadline);
      if (ok) options.logger.info({}, "shut down cleanly");
      exit(ok ? 0 : 1);
    });
    return running;
  };

  for (const signal of options.signals ?? (["SIGTERM", "SIGINT"] as const)) {
    proc.once(signal, () => {
      // A second signal (of either kind) while stopping means "now".
      const again = () => {
        options.logger.error({ signal }, "second stop signal; exiting now");
        exit(1);
      };
      for (const other of options.signals ?? ["SIGTERM", "SIGINT"]) proc.once(other, again);
      void run(signal);
    });
  }

  return { add: (name, step) => void steps.push({ name, step }), run };
}

// --- internal ---

/** Runs every step, last added first, even after one fails; true when all succeeded. */
async function runSteps(
  steps: readonly { name: string; step: () => Promise<void> | void }[],
  logger: ShutdownLogger,
): Promise<boolean> {
  let ok = true;
  for (const { name, step } of [...steps].reverse()) {
    try {
      await step();
    } catch (error) {
      ok = false;
      logger.error({ err: error, step: name }, "shutdown step failed");
    }
  }
  return ok;
}
