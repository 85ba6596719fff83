/**
 * @module Sandbox auto-pairing: when a session shows a QR, the simulated phone of the account named
 * after the session seeds the demo world (first time only) and scans it, so sessions pair by themselves.
 */
import type { EngineLogger } from "@wa/core";
import type { Simulator } from "@wa/sandbox";
import type { EventBus } from "../sessions/event-bus.ts";
import { demoHistory } from "./demo-world.ts";

/** Subscribes auto-pairing to the bus; returns the unsubscribe function. */
export function autoPair(bus: EventBus, simulator: Simulator, logger: EngineLogger): () => void {
  return bus.subscribe(({ session, events }) => {
    for (const event of events) {
      if (event.type !== "session.status" || event.status !== "SCAN_QR_CODE" || !event.qr) continue;
      seedOnce(simulator, session);
      simulator.scanQr(session, event.qr).catch((error: unknown) => {
        logger.warn({ err: error, session }, "sandbox: the simulated phone could not scan the QR");
      });
    }
  });
}

/** Seeds the demo history once per world account (the phone syncs it after the first login). */
export function seedOnce(simulator: Simulator, session: string): void {
  const account = simulator.account(session);
  if (account.historySeed || account.historySent) return;
  simulator.seedHistory(session, demoHistory());
}
