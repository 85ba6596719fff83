/**
 * @module The messages a NOWEB session sent, waiting for Baileys' own copy of each (its echo) to be
 * applied, so a caller can edit or read what it just sent at once.
 */
import type { SerialQueue } from "@wa/core";
import type { WAMessage as BaileysMessage } from "@whiskeysockets/baileys";
import type { EventSink } from "./event-sink.ts";
import { type EventMapContext, mapBaileysBatch } from "./map/events.ts";

/** The sent ids waiting for their echo. */
export interface OwnEchoes {
  /** What `Connection.expectOwnEcho` does. */
  expect(id: string): void;
  /** What `Connection.settleOwnEcho` does. */
  settle(raw: BaileysMessage, timeoutMs: number): Promise<void>;
  /** What `Connection.forgetOwnEcho` does. */
  forget(id: string): void;
  /** Marks these ids applied (their batch went through the queue): wakes the sends waiting. */
  applied(ids: readonly string[]): void;
}

/** What the echoes need from their connection. */
export interface OwnEchoesDeps {
  queue: SerialQueue;
  sink: EventSink;
  mapCtx: EventMapContext;
}

/** Creates an empty set of awaited echoes. */
export function createOwnEchoes({ queue, sink, mapCtx }: OwnEchoesDeps): OwnEchoes {
  /** Sent ids waiting for Baileys' echo, with the resolver of each. */
  const ownEchoes = new Map<string, { seen: Promise<void>; resolve: () => void }>();
  return {
    expect(id) {
      let resolve = () => {};
      const seen = new Promise<void>((done) => {
        resolve = done;
      });
      ownEchoes.set(id, { seen, resolve });
    },
    async settle(raw, timeoutMs) {
      const id = raw.key?.id ?? "";
      const pending = ownEchoes.get(id);
      let timeout: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((done) => {
        timeout = setTimeout(() => done(true), timeoutMs);
      });
      const missing = pending
        ? await Promise.race([pending.seen.then(() => false), timedOut])
        : true;
      clearTimeout(timeout);
      ownEchoes.delete(id);
      if (!missing) return;
      // No echo (e.g. `emitOwnEvents: false`): emit it ourselves; effects stay deduplicated.
      const batch = { "messages.upsert": { type: "append" as const, messages: [raw] } };
      const events = mapBaileysBatch(batch, mapCtx);
      await queue.push(async () => {
        for (const event of events) await sink.emitNow(event);
      });
    },
    forget(id) {
      ownEchoes.delete(id);
    },
    applied(ids) {
      for (const id of ids) ownEchoes.get(id)?.resolve();
    },
  };
}
