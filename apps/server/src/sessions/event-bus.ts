/**
 * @module The in-process stream of applied events: every domain event, once durably stored, is
 * published here (future webhooks and the WebSocket subscribe to it).
 */
import { EventEmitter } from "node:events";
import type { DomainEvent } from "@wa/core";

/** One applied event of one session. */
export interface AppliedEvent {
  session: string;
  event: DomainEvent;
  /** When the server applied it, in ms. */
  timestamp: number;
}

/** Subscribe to applied events; publishing is the session manager's job. */
export interface EventBus {
  publish(applied: AppliedEvent): void;
  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: (applied: AppliedEvent) => void): () => void;
}

/** A bus over a Node EventEmitter. A throwing listener is isolated from the engine. */
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
