import { describe, expect, it } from "vitest";
import { DEFAULT_ENGINES, type EngineRegistry, loadEngine, resolveEngineName } from "./engines.ts";

describe("engine registry", () => {
  it("resolves names case-insensitively and rejects unknown ones with WA_ENGINE_UNKNOWN", () => {
    expect(resolveEngineName(DEFAULT_ENGINES, "NOWEB")).toBe("noweb");
    expect(resolveEngineName(DEFAULT_ENGINES, " Memory ")).toBe("memory");
    expect(resolveEngineName(DEFAULT_ENGINES, "WEBJS")).toBe("webjs");
    expect(() => resolveEngineName(DEFAULT_ENGINES, "gows")).toThrow(
      expect.objectContaining({ code: "WA_ENGINE_UNKNOWN" }),
    );
    expect(() => resolveEngineName(DEFAULT_ENGINES, "constructor")).toThrow();
  });

  it("turns a module that fails to load into WA_ENGINE_NOT_INSTALLED", async () => {
    const registry: EngineRegistry = {
      missing: () => import(["@wa", "engine-that-does-not-exist"].join("/")),
    };
    await expect(loadEngine(registry, "missing")).rejects.toMatchObject({
      code: "WA_ENGINE_NOT_INSTALLED",
      message: expect.stringContaining("could not be loaded"),
    });
  });

  it("makes a WEBJS engine without starting a browser (GET /engine describes it)", async () => {
    const module = await loadEngine(DEFAULT_ENGINES, "webjs");
    const engine = module.createEngine({ session: "t", config: {}, logger: undefined as never });
    expect(engine.info).toMatchObject({ name: "webjs", library: "whatsapp-web.js" });
    expect(engine.capabilities["chats.delete"]).toBe(true);
    // Nothing launched: the engine holds no client until start().
    expect(engine.getInstance?.()).toBeUndefined();
  });

  it("loads the memory engine from @wa/engine-testkit", async () => {
    const module = await loadEngine(DEFAULT_ENGINES, "memory");
    const engine = module.createEngine({ session: "t", config: {}, logger: undefined as never });
    expect(engine.info.name).toBe("memory");
    expect(engine.capabilities["chats.archive"]).toBe(true);
  });
});
