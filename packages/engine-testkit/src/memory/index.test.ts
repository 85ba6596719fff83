import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as memory from "./index.ts";

describe("@wa/engine-testkit/memory", () => {
  it("exports the memory engine, worlds and registry", () => {
    expect(typeof memory.createMemoryEngine).toBe("function");
    expect(typeof memory.createMemoryWorld).toBe("function");
    expect(typeof memory.getMemoryWorld).toBe("function");
  });

  // Server code imports this subpath at runtime: it must not pull in vitest or the contract suite.
  it.each(readdirSync(new URL(".", import.meta.url)).filter((f) => !f.endsWith(".test.ts")))(
    "%s imports neither vitest nor the contract suite",
    (file) => {
      const source = readFileSync(new URL(file, import.meta.url), "utf8");
      expect(source).not.toMatch(/from "(vitest|\.\.\/contract\/[^"]*|\.\.\/recording\/[^"]*)"/);
    },
  );
});
