import { describe, expect, it, vi } from "vitest";
import type { DomainEvent } from "../domain/event.ts";
import { CAPABILITY_KEYS, type EngineCapabilities } from "./capabilities.ts";
import type { WaEngine } from "./contract.ts";
import { type EngineContext, silentLogger } from "./ports.ts";
import { startSession } from "./session.ts";

const NONE = Object.fromEntries(CAPABILITY_KEYS.map((key) => [key, false])) as EngineCapabilities;

/** An engine whose start() resolves at once (as real ones do) and then emits `script` later. */
function scriptedEngine(script: Array<Extract<DomainEvent, { type: "session.status" }>>) {
  const stop = vi.fn(async () => {});
  const engine: WaEngine = {
    info: { name: "scripted", library: "none" },
    capabilities: NONE,
    async start(ctx) {
      await ctx.emit({ type: "session.status", status: "STARTING" });
      setTimeout(async () => {
        for (const event of script) await ctx.emit(event);
      }, 5);
    },
    stop,
    logout: async () => {},
    sendText: async () => {
      throw new Error("not used");
    },
    sendSeen: async () => {},
  };
  return { engine, stop };
}

function recordingContext() {
  const seen: DomainEvent[] = [];
  const context: EngineContext = {
    session: "default",
    emit: async (event) => {
      seen.push(event);
    },
    authState: {} as EngineContext["authState"],
    messages: { getMessage: async () => null, getNewestMessage: async () => null },
    logger: silentLogger,
  };
  return { context, seen };
}

const ME = { id: "14155550100@c.us", pushName: "Me" };

describe("startSession", () => {
  it("resolves once WORKING, not when start() resolves, and the caller's emit sees every event", async () => {
    const { engine } = scriptedEngine([{ type: "session.status", status: "WORKING", me: ME }]);
    const { context, seen } = recordingContext();
    await expect(startSession(engine, context)).resolves.toEqual({ status: "WORKING", me: ME });
    expect(seen.map((e) => e.type === "session.status" && e.status)).toEqual([
      "STARTING",
      "WORKING",
    ]);
  });

  it("without onQr, resolves at the first QR", async () => {
    const { engine } = scriptedEngine([
      { type: "session.status", status: "SCAN_QR_CODE", qr: "2@abc" },
      { type: "session.status", status: "WORKING", me: ME },
    ]);
    const started = await startSession(engine, recordingContext().context);
    expect(started).toEqual({ status: "SCAN_QR_CODE", qr: "2@abc" });
  });

  it("with onQr, hands over every QR and resolves once paired and WORKING", async () => {
    const { engine } = scriptedEngine([
      { type: "session.status", status: "SCAN_QR_CODE", qr: "2@first" },
      { type: "session.status", status: "SCAN_QR_CODE", qr: "2@second" },
      { type: "session.status", status: "WORKING", me: ME },
    ]);
    const qrs: string[] = [];
    const started = await startSession(engine, recordingContext().context, {
      onQr: (qr) => qrs.push(qr),
    });
    expect(started).toEqual({ status: "WORKING", me: ME });
    expect(qrs).toEqual(["2@first", "2@second"]);
  });

  it("rejects with WA_ENGINE_FAILURE and the engine's reason when the session FAILED, and stops it", async () => {
    const { engine, stop } = scriptedEngine([
      { type: "session.status", status: "FAILED", reason: "logged out" },
    ]);
    await expect(startSession(engine, recordingContext().context)).rejects.toMatchObject({
      code: "WA_ENGINE_FAILURE",
      message: expect.stringContaining("logged out"),
    });
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it("rejects with WA_ENGINE_TIMEOUT naming the status it was stuck in, and stops the engine", async () => {
    const { engine, stop } = scriptedEngine([
      { type: "session.status", status: "SCAN_QR_CODE", qr: "2@never-scanned" },
    ]);
    await expect(
      startSession(engine, recordingContext().context, { timeoutMs: 50, onQr: () => {} }),
    ).rejects.toMatchObject({
      code: "WA_ENGINE_TIMEOUT",
      message: expect.stringContaining("still SCAN_QR_CODE after 50 ms"),
    });
    expect(stop).toHaveBeenCalledTimes(1);
  });
});
