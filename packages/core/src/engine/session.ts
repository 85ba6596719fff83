/**
 * @module `startSession`: starts an engine and waits until it can be used (WORKING) or needs a
 * QR scan, so a library user needs no event plumbing of their own. `engine.start()` alone resolves
 * while the session is still STARTING: a command sent right after it fails with
 * `WA_ENGINE_NOT_CONNECTED`.
 */
import type { DomainEvent, SessionStatusEvent } from "../domain/event.ts";
import type { SessionMe } from "../domain/session.ts";
import { WaError } from "../errors.ts";
import type { WaEngine } from "./contract.ts";
import type { EngineContext } from "./ports.ts";

/** Options of {@link startSession}. */
export interface StartSessionOptions {
  /**
   * How long to wait, in ms, for WORKING (or for the first QR when there is no `onQr`).
   * @default 60000
   */
  timeoutMs?: number;
  /**
   * Receives every QR to scan. With it, `startSession` keeps waiting until the phone has paired
   * and the session is WORKING; without it, it resolves at the first QR.
   */
  onQr?: (qr: string) => void;
}

/** What {@link startSession} resolves with. */
export type StartedSession =
  | { status: "WORKING"; me: SessionMe | null }
  | { status: "SCAN_QR_CODE"; qr: string };

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Starts `engine` with `context` and resolves once the session is WORKING (commands work from
 * then on), or, without `onQr`, as soon as a QR must be scanned. Rejects with a `WaError` when the
 * session FAILED (`WA_ENGINE_FAILURE`, with the engine's reason) or the time ran out
 * (`WA_ENGINE_TIMEOUT`); either way the engine is stopped first, so nothing keeps the process alive.
 */
export async function startSession(
  engine: WaEngine,
  context: EngineContext,
  options: StartSessionOptions = {},
): Promise<StartedSession> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let settle: (outcome: StartedSession | WaError) => void = () => {};
  const outcome = new Promise<StartedSession | WaError>((resolve) => {
    settle = resolve;
  });
  let last: SessionStatusEvent | null = null;

  const observe = (event: DomainEvent) => {
    if (event.type !== "session.status") return;
    last = event;
    if (event.status === "WORKING") settle({ status: "WORKING", me: event.me ?? null });
    else if (event.status === "SCAN_QR_CODE" && event.qr) {
      if (options.onQr) options.onQr(event.qr);
      else settle({ status: "SCAN_QR_CODE", qr: event.qr });
    } else if (event.status === "FAILED") {
      settle(
        failure("WA_ENGINE_FAILURE", `the session failed: ${event.reason ?? "no reason given"}`),
      );
    }
  };
  const watched: EngineContext = {
    ...context,
    async emit(event) {
      await context.emit(event);
      observe(event);
    },
    ...(context.emitAll && {
      emitAll: async (events: readonly DomainEvent[]) => {
        await context.emitAll?.(events);
        for (const event of events) observe(event);
      },
    }),
  };

  const timer = setTimeout(() => {
    const status = (last as SessionStatusEvent | null)?.status ?? "STARTING";
    const hint =
      status === "SCAN_QR_CODE"
        ? "the QR was not scanned in time (raise timeoutMs, or omit onQr to get the QR back)"
        : "no connection to WhatsApp (check the network, or the simulator's URL and root key)";
    settle(failure("WA_ENGINE_TIMEOUT", `still ${status} after ${timeoutMs} ms: ${hint}`));
  }, timeoutMs);
  try {
    await engine.start(watched);
    const result = await outcome;
    if (result instanceof WaError) {
      await engine.stop().catch(() => undefined);
      throw result;
    }
    return result;
  } finally {
    clearTimeout(timer);
  }
}

function failure(code: "WA_ENGINE_FAILURE" | "WA_ENGINE_TIMEOUT", detail: string): WaError {
  return new WaError(code, `[wa:startSession] ${detail}.`);
}
