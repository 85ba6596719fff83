import { describe, expect, it } from "vitest";
import { CAPABILITY_KEYS, CAPABILITY_METHODS } from "./capabilities.ts";

describe("capability keys", () => {
  it.each(CAPABILITY_KEYS)("%s is a dotted area.action key with its own method", (key) => {
    expect(key).toMatch(/^[a-z]+\.[a-z-]+$/);
    expect(CAPABILITY_METHODS[key]).toMatch(/^[a-z][A-Za-z]+$/);
  });

  it("maps every key, and no two keys to one method", () => {
    expect(Object.keys(CAPABILITY_METHODS).sort()).toEqual([...CAPABILITY_KEYS].sort());
    const methods = Object.values(CAPABILITY_METHODS);
    expect(new Set(methods).size).toBe(methods.length);
    expect(new Set(CAPABILITY_KEYS).size).toBe(CAPABILITY_KEYS.length);
  });
});
