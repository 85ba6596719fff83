/**
 * @module Records a dispatcher's delivery outcomes and its cursor in the outbox: outcomes are
 * gathered for a moment and written together with the cursor in one write, one write at a time; a
 * failed write keeps its outcomes and is tried again.
 */
import type { EngineLogger } from "@wa/core";
import type { DeliveryOutcome, Outbox } from "@wa/store";

/** Options of {@link createOutcomeRecorder}. */
export interface OutcomeRecorderOptions {
  outbox: Outbox;
  session: string;
  targetKey: string;
  /** Every event up to it is settled (read at each write). */
  cursor(): number;
  /** How long outcomes are gathered before one write records them. */
  flushMs: number;
  /** A failed write is tried again after this long. */
  retryMs: number;
  log: EngineLogger;
}

/** The outcomes of one dispatcher, on their way to the store. */
export interface OutcomeRecorder {
  /** Gathers an outcome for the next write. */
  record(outcome: DeliveryOutcome): void;
  /** Times a write if the cursor moved since the last one (e.g. past unsubscribed events). */
  recordCursor(): void;
  /** Outcomes are gathered that no write has recorded yet. */
  hasUnrecorded(): boolean;
  /** No more timed writes (what is gathered is written by a last {@link OutcomeRecorder.flush}). */
  halt(): void;
  /** Writes the gathered outcomes and the cursor now, after any write in progress. */
  flush(): Promise<void>;
  /** Settles when the writes started so far are done. */
  written(): Promise<void>;
}

/** Creates the recorder of one dispatcher; nothing is recorded yet. */
export function createOutcomeRecorder(options: OutcomeRecorderOptions): OutcomeRecorder {
  const { outbox, session, targetKey, cursor, log } = options;
  let outcomes: DeliveryOutcome[] = [];
  let flushTimer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();
  let recordedCursor = -1;
  let halted = false;

  const scheduleFlush = () => {
    if (flushTimer || halted) return;
    flushTimer = setTimeout(() => {
      flushTimer = undefined;
      void flush();
    }, options.flushMs);
  };

  const flush = () => {
    flushing = flushing.then(async () => {
      const batch = outcomes;
      outcomes = [];
      const upTo = cursor();
      if (batch.length === 0 && upTo === recordedCursor) return;
      try {
        await outbox.settle(session, targetKey, batch, upTo);
        recordedCursor = upTo;
      } catch (error) {
        log.error({ err: error }, "recording webhook deliveries failed; trying again");
        outcomes = [...batch, ...outcomes];
        if (!halted) setTimeout(scheduleFlush, options.retryMs).unref();
      }
    });
    return flushing;
  };

  return {
    record(outcome) {
      outcomes.push(outcome);
      scheduleFlush();
    },
    recordCursor() {
      if (cursor() !== recordedCursor) scheduleFlush();
    },
    hasUnrecorded: () => outcomes.length > 0,
    halt() {
      halted = true;
      if (flushTimer) clearTimeout(flushTimer);
    },
    flush,
    written: () => flushing,
  };
}
