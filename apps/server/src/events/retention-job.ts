/** @module Deletes old events on a timer (see `Outbox.prune`), so the store never grows without bound. */
import type { EngineLogger } from "@wa/core";
import type { Store } from "@wa/store";
import type { RetentionSettings } from "./config.ts";

/** Starts pruning every `intervalMs` (the timer does not keep the process alive); returns `stop`. */
export function startRetention(
  store: Store,
  settings: RetentionSettings,
  logger: EngineLogger,
  now: () => number = Date.now,
): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const prune = () => {
    running = running.then(async () => {
      try {
        const time = now();
        const deleted = await store.outbox.prune({
          settledBefore: time - settings.settledMs,
          anyBefore: time - settings.maxAgeMs,
        });
        if (deleted > 0) logger.info({ deleted }, "old events deleted");
      } catch (error) {
        logger.warn({ err: error }, "deleting old events failed; trying again later");
      }
    });
  };
  const timer = setInterval(prune, settings.intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
