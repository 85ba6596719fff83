/**
 * @module How a NOWEB connection hands domain events to the runtime: a stale ack is dropped, what
 * arrived together goes in one write, and a failing sink is logged, never thrown into Baileys.
 */
import type { DomainEvent, EngineContext, EngineLogger } from "@wa/core";

/** The connection's side of `ctx.emit` / `ctx.emitAll`. */
export interface EventSink {
  /** Applies one event; false when the sink failed (the error is logged, never thrown). */
  emitNow(event: DomainEvent): Promise<boolean>;
  /**
   * Applies what arrived together; false when the sink failed (logged, never thrown). With the
   * context's `emitAll` that is one durable write for the whole batch: receipts held by the gate
   * wait for one fsync, not one per event behind every other write of the store.
   */
  emitTogether(events: readonly DomainEvent[]): Promise<boolean>;
}

/** Creates the sink over one session's context. */
export function createEventSink(ctx: EngineContext, log: EngineLogger): EventSink {
  const emitNow = async (event: DomainEvent): Promise<boolean> => {
    try {
      if (event.type === "message.ack" && !event.participant && (await isAckStale(event))) {
        return true;
      }
      await ctx.emit(event);
      return true;
    } catch (error) {
      log.error({ err: error, event: event.type }, "emitting a domain event failed");
      return false;
    }
  };

  // The store never lowers an ack either; checking here saves a write and a webhook.
  const isAckStale = async (event: Extract<DomainEvent, { type: "message.ack" }>) => {
    const stored = await ctx.messages.getMessage(event.key).catch(() => null);
    return stored !== null && stored.ack >= event.ack;
  };

  const isStale = (event: DomainEvent) =>
    event.type === "message.ack" && !event.participant ? isAckStale(event) : false;

  const emitTogether = async (events: readonly DomainEvent[]): Promise<boolean> => {
    const emitAll = ctx.emitAll;
    if (!emitAll || events.length < 2) {
      let applied = true;
      for (const event of events) applied = (await emitNow(event)) && applied;
      return applied;
    }
    const fresh: DomainEvent[] = [];
    for (const event of events) if (!(await isStale(event))) fresh.push(event);
    if (fresh.length === 0) return true;
    try {
      await emitAll(fresh);
      return true;
    } catch (error) {
      log.error({ err: error, events: fresh.length }, "emitting domain events failed");
      return false;
    }
  };

  return { emitNow, emitTogether };
}
