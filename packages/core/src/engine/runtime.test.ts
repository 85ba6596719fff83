import { describe, expect, it, vi } from "vitest";
import { isWaError, WaError } from "../errors.ts";
import { CAPABILITY_KEYS, type EngineCapabilities } from "./capabilities.ts";
import type { WaEngine } from "./contract.ts";
import { type EngineContext, silentLogger } from "./ports.ts";
import { createEngineRuntime } from "./runtime.ts";

const NONE = Object.fromEntries(CAPABILITY_KEYS.map((key) => [key, false])) as EngineCapabilities;

function fakeEngine(patch: Partial<WaEngine> = {}): WaEngine {
  return {
    info: { name: "fake", library: "none" },
    capabilities: NONE,
    start: vi.fn(async () => {}),
    stop: vi.fn(async () => {}),
    logout: vi.fn(async () => {}),
    sendText: vi.fn(async () => {
      throw new Error("not used");
    }),
    sendSeen: vi.fn(async () => {}),
    ...patch,
  };
}

const context = {
  session: "default",
  emit: async () => {},
  logger: silentLogger,
} as unknown as EngineContext;

describe("createEngineRuntime: start", () => {
  it("starts the engine once, however often start() is called", async () => {
    const engine = fakeEngine();
    const runtime = createEngineRuntime(engine);
    await Promise.all([runtime.start(context), runtime.start(context)]);
    await runtime.start(context);
    expect(engine.start).toHaveBeenCalledTimes(1);
  });

  it("lets a failed start be retried, wrapping the failure", async () => {
    const failure = new Error("socket closed");
    const start = vi.fn().mockRejectedValueOnce(failure).mockResolvedValueOnce(undefined);
    const runtime = createEngineRuntime(fakeEngine({ start }));
    await expect(runtime.start(context)).rejects.toMatchObject({
      code: "WA_ENGINE_FAILURE",
      cause: failure,
    });
    await expect(runtime.start(context)).resolves.toBeUndefined();
    expect(start).toHaveBeenCalledTimes(2);
  });

  it("refuses to start after stop, even when an earlier start had succeeded", async () => {
    const engine = fakeEngine();
    const runtime = createEngineRuntime(engine);
    await runtime.start(context);
    await runtime.stop();
    await expect(runtime.start(context)).rejects.toMatchObject({ code: "WA_ENGINE_STOPPED" });
    expect(engine.start).toHaveBeenCalledTimes(1);
  });
});

describe("createEngineRuntime: stop", () => {
  it("stops once and refuses calls afterwards with WA_ENGINE_STOPPED", async () => {
    const engine = fakeEngine();
    const runtime = createEngineRuntime(engine);
    expect(runtime.isStopped).toBe(false);
    await runtime.stop();
    await runtime.stop();
    expect(runtime.isStopped).toBe(true);
    expect(engine.stop).toHaveBeenCalledTimes(1);
    const run = vi.fn(async () => "sent");
    await expect(runtime.call(null, run)).rejects.toMatchObject({
      code: "WA_ENGINE_STOPPED",
      engine: "fake",
    });
    expect(run).not.toHaveBeenCalled();
  });

  it.each([
    ["rejects", () => Promise.reject(new Error("boom"))],
    [
      "throws before returning a promise",
      () => {
        throw new Error("boom");
      },
    ],
  ])("wraps a stop() that %s", async (_case, stop) => {
    const runtime = createEngineRuntime(fakeEngine({ stop: stop as WaEngine["stop"] }));
    await expect(runtime.stop()).rejects.toMatchObject({ code: "WA_ENGINE_FAILURE" });
  });
});

describe("createEngineRuntime: capabilities", () => {
  const archiveChat = vi.fn(async () => {});

  it.each([
    ["flag false, method present", { ...NONE, "chats.archive": false }, { archiveChat }],
    ["flag true, method missing", { ...NONE, "chats.archive": true }, {}],
    ["flag false, method missing", NONE, {}],
  ])(
    "%s → WA_ENGINE_UNSUPPORTED before the engine is called",
    async (_case, capabilities, methods) => {
      archiveChat.mockClear();
      const runtime = createEngineRuntime(fakeEngine({ capabilities, ...methods }));
      const run = vi.fn(
        (engine: WaEngine) => engine.archiveChat?.("1@c.us", true) ?? Promise.resolve(),
      );
      const pending = runtime.call("chats.archive", run);
      expect(pending).toBeInstanceOf(Promise); // rejected, never a synchronous throw
      await expect(pending).rejects.toMatchObject({
        code: "WA_ENGINE_UNSUPPORTED",
        details: { capability: "chats.archive" },
        message: expect.stringContaining("[wa:fake]"),
      });
      expect(run).not.toHaveBeenCalled();
      expect(archiveChat).not.toHaveBeenCalled();
      expect(runtime.supports("chats.archive")).toBe(capabilities["chats.archive"]);
      expect(() => runtime.require("chats.archive")).toThrow(
        expect.objectContaining({ code: "WA_ENGINE_UNSUPPORTED" }),
      );
    },
  );

  it("calls the engine when flag and method agree", async () => {
    const runtime = createEngineRuntime(
      fakeEngine({ capabilities: { ...NONE, "chats.archive": true }, archiveChat }),
    );
    await runtime.call(
      "chats.archive",
      (engine) => engine.archiveChat?.("1@c.us", true) as Promise<void>,
    );
    expect(archiveChat).toHaveBeenCalledWith("1@c.us", true);
  });
});

describe("createEngineRuntime: errors", () => {
  it.each<[string, unknown]>([
    ["an Error", new Error("boom")],
    ["a TypeError", new TypeError("x is undefined")],
    ["a string", "boom"],
    ["undefined", undefined],
    ["a plain object", { status: 500 }],
  ])(
    "%s thrown by the engine becomes WA_ENGINE_FAILURE with the original as cause",
    async (_case, thrown) => {
      const runtime = createEngineRuntime(fakeEngine());
      const error = await runtime
        .call(null, async () => {
          throw thrown;
        })
        .catch((caught: unknown) => caught);
      expect(isWaError(error)).toBe(true);
      expect(error).toMatchObject({ code: "WA_ENGINE_FAILURE", engine: "fake" });
      expect((error as Error).cause).toBe(thrown);
      expect((error as Error).message).toMatch(/^\[wa:fake\] /);
    },
  );

  it("catches a synchronous throw inside the call", async () => {
    const runtime = createEngineRuntime(fakeEngine());
    const run = (() => {
      throw new Error("sync");
    }) as () => Promise<void>;
    await expect(runtime.call(null, run)).rejects.toMatchObject({ code: "WA_ENGINE_FAILURE" });
  });

  it("passes a WaError through unchanged", async () => {
    const original = new WaError("WA_ENGINE_LOGGED_OUT");
    const runtime = createEngineRuntime(fakeEngine());
    await expect(
      runtime.call(null, async () => {
        throw original;
      }),
    ).rejects.toBe(original);
  });

  it("passes a WaError from another copy of @wa/core through unchanged (brand, not instanceof)", async () => {
    const foreign = Object.assign(new Error("other copy"), {
      code: "WA_ENGINE_TIMEOUT",
      [Symbol.for("wa.error")]: true,
    });
    const runtime = createEngineRuntime(fakeEngine());
    await expect(
      runtime.call(null, async () => {
        throw foreign;
      }),
    ).rejects.toBe(foreign);
  });

  it("returns the engine's result", async () => {
    const runtime = createEngineRuntime(fakeEngine());
    await expect(runtime.call(null, async () => 42)).resolves.toBe(42);
  });
});
