/** @module Starts an engine over a fake socket with a recording context, for unit tests. */
import type { StoredMessage } from "@wa/core";
import { vi } from "vitest";
import { createNowebEngine } from "../src/engine.ts";
import { createFakeSocketFactory } from "./fake-socket.ts";
import { createMemoryAuthStore, createRecordingContext } from "./memory-context.ts";

/** Alice's Baileys JID. */
export const ALICE = "14155550123@s.whatsapp.net";

/** Starts an engine over a fake socket factory (fast reconnects). */
export async function started(
  options: { reconnect?: { baseMs: number; maxMs: number } } = {},
  authState = createMemoryAuthStore(),
) {
  const fake = createFakeSocketFactory();
  const engine = createNowebEngine({
    socketFactory: fake.factory,
    reconnect: options.reconnect ?? { baseMs: 1, maxMs: 5 },
    // The fake socket sends no echo unless a test emits one: do not wait long for it.
    echoTimeoutMs: 30,
  });
  const ctx = createRecordingContext(authState);
  await engine.start(ctx);
  return { engine, ctx, fake };
}

/** Retries an assertion until it passes (bounded). */
export const until = (check: () => void) => vi.waitFor(check, { timeout: 2000, interval: 5 });

/** A stored message to anchor chat changes on. */
export const lastMessage = (id = "3EB0LAST"): StoredMessage => ({
  key: { fromMe: false, chatId: "14155550123@c.us", id },
  timestamp: 1764140000,
  ack: 2,
  kind: "text",
  message: {} as StoredMessage["message"],
});
