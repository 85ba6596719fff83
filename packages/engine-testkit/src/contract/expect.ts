/** @module Assertions the cases share: typed WaError rejections and the shape of a WAHA message. */
import { ackName, buildMessageId, isWaError, type StoredMessage, type WaErrorCode } from "@wa/core";
import { expect } from "vitest";

/** Asserts that a call rejects with a `WaError` (brand-checked) of this code. */
export async function expectWaError(promise: Promise<unknown>, code: WaErrorCode): Promise<void> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error, `expected a rejection with ${code}`).not.toBeNull();
  expect(isWaError(error), `expected a WaError, got ${String(error)}`).toBe(true);
  expect((error as { code: string }).code).toBe(code);
}

/** Asserts the invariants every stored message keeps: API-form ids, id/ack columns that agree. */
export function expectWellFormedMessage(stored: StoredMessage): void {
  const { key, message } = stored;
  expect(key.chatId).toMatch(/@(c\.us|g\.us|lid|newsletter|broadcast)$/);
  if (key.participant) expect(key.participant).toMatch(/@(c\.us|lid)$/);
  expect(message.id).toBe(buildMessageId(key));
  expect(message.fromMe).toBe(key.fromMe);
  expect(message.timestamp).toBe(stored.timestamp);
  expect(Number.isInteger(stored.timestamp) && stored.timestamp > 0).toBe(true);
  expect(message.ack).toBe(stored.ack);
  expect(message.ackName).toBe(ackName(stored.ack));
  expect(
    JSON.stringify([key, message.id, message.from, message.participant ?? null]),
  ).not.toContain("@s.whatsapp.net");
}

/** The message with this bare id among the given ones, or undefined. */
export const findById = (messages: StoredMessage[], id: string): StoredMessage | undefined =>
  messages.find((message) => message.key.id === id);
