/**
 * @module `createRecordingContext`: an `EngineContext` that records every emitted event, keeps an
 * in-memory auth state and answers message lookups from what was recorded.
 */
import {
  type DomainEvent,
  type DomainEventType,
  type EngineContext,
  type EngineLogger,
  type SessionStatus,
  silentLogger,
} from "@wa/core";
import { createMemoryAuthStateStore, type MemoryAuthStateStore } from "./auth-state.ts";
import { createMessageIndex, type MessageIndex } from "./message-index.ts";
import { type WaitForOptions, waitFor } from "./wait-for.ts";

/** Options of {@link createRecordingContext}. */
export interface RecordingContextOptions {
  /** @default "default" */
  session?: string;
  /** Share one with an earlier context to restart with its credentials. @default a new empty store */
  authState?: MemoryAuthStateStore;
  /** @default silentLogger */
  logger?: EngineLogger;
}

/** The event of a given type. */
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;

/** A recording engine context and what it recorded. */
export interface RecordingContext {
  /** Pass this to `engine.start`. */
  readonly context: EngineContext;
  /** Every emitted event, in order. */
  readonly events: DomainEvent[];
  readonly authState: MemoryAuthStateStore;
  /** The messages as a store would hold them after applying the events. */
  readonly messages: MessageIndex;
  /** The recorded events of one type, in order. */
  ofType<T extends DomainEventType>(type: T): EventOf<T>[];
  /** The session statuses emitted so far, in order. */
  statuses(): SessionStatus[];
  /** Waits (bounded) for an event of a type that matches, and returns it. */
  waitForEvent<T extends DomainEventType>(
    type: T,
    match?: (event: EventOf<T>) => boolean,
    options?: WaitForOptions,
  ): Promise<EventOf<T>>;
}

/** Creates a recording context; `emit` records, then resolves (the "store" is durable at once). */
export function createRecordingContext(options: RecordingContextOptions = {}): RecordingContext {
  const events: DomainEvent[] = [];
  const messages = createMessageIndex();
  const authState = options.authState ?? createMemoryAuthStateStore();
  const ofType = <T extends DomainEventType>(type: T) =>
    events.filter((event): event is EventOf<T> => event.type === type);

  const context: EngineContext = {
    session: options.session ?? "default",
    async emit(event) {
      events.push(event);
      messages.apply(event);
    },
    authState,
    messages,
    logger: options.logger ?? silentLogger,
  };

  return {
    context,
    events,
    authState,
    messages,
    ofType,
    statuses: () => ofType("session.status").map((event) => event.status),
    waitForEvent: (type, match = () => true, waitOptions = {}) =>
      waitFor(() => ofType(type).find(match), {
        description: `a '${type}' event${match.length > 0 ? ` matching ${match.toString().replace(/\s+/g, " ").slice(0, 160)}` : ""}`,
        ...waitOptions,
      }),
  };
}
