/**
 * @module The in-process stream of committed writes: after each `apply` of a session, the domain
 * events applied and the outbox events they wrote are published here. It is a wake-up signal and a
 * live feed (webhook dispatchers wake on it, the WebSocket forwards it, sandbox auto-pairing reads
 * QR codes from it); the store, not the bus, is where events are kept and delivered from.
 */
import { EventEmitter } from "node:events";
import type { DomainEvent } from "@wa/core";
import type { OutboxEvent } from "@wa/store";

/** One committed `apply` of one session. */
export interface AppliedEvent {
  session: string;
  /** The domain events applied, in order. */
  events: readonly DomainEvent[];
  /** The outbox events they wrote (none for a replay or history). */
  committed: readonly OutboxEvent[];
  /** When it was committed, in ms. */
  timestamp: number;
}

/** Subscribe to committed writes; the publishing store publishes them. */
export interface EventBus {
  publish(applied: AppliedEvent): void;
  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: (applied: AppliedEvent) => void): () => void;
}

/** A bus over a Node EventEmitter. A throwing listener is isolated from the writer. */
export function createEventBus(onListenerError: (error: unknown) => void = () => {}): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(applied) {
      for (const listener of emitter.listeners("event")) {
        try {
          listener(applied);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      emitter.on("event", listener);
      return () => emitter.off("event", listener);
    },
  };
}
