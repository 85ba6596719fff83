import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createApiKeyCheck, generateApiKey, isWeakApiKey } from "./auth.ts";

const sha512 = (value: string) => createHash("sha512").update(value).digest("hex");

describe("API keys", () => {
  it.each([
    undefined,
    "",
    "123",
    "321",
    "waha",
    "admin",
    "0".repeat(32),
    "1".repeat(32),
    ` waha `,
    `sha512:${sha512("admin")}`,
  ])("treats %j as weak", (key) => expect(isWeakApiKey(key)).toBe(true));

  it.each(["a-long-random-key", `sha512:${sha512("strong")}`, "1234"])("accepts %j", (key) => {
    expect(isWeakApiKey(key)).toBe(false);
  });

  it("generates strong, different keys", () => {
    const a = generateApiKey();
    expect(a).toMatch(/^[0-9a-f]{48}$/);
    expect(generateApiKey()).not.toBe(a);
    expect(isWeakApiKey(a)).toBe(false);
  });

  it("checks plain keys", () => {
    const check = createApiKeyCheck("plain");
    expect(check("plain")).toBe(true);
    for (const wrong of ["plain ", "Plain", "plai", "plain\u0000", "", undefined, 123, ["plain"]])
      expect(check(wrong)).toBe(false);
    expect(check(`plain${"x".repeat(300)}`)).toBe(false);
    const unicode = createApiKeyCheck("clé-🔑");
    expect(unicode("clé-🔑")).toBe(true);
    expect(unicode("cle-🔑")).toBe(false);
  });

  it("checks long plain keys (hashed past 256 bytes)", () => {
    const long = "k".repeat(300);
    const check = createApiKeyCheck(long);
    expect(check(long)).toBe(true);
    expect(check(long.slice(0, 256))).toBe(false);
    expect(check(`${long}k`)).toBe(false);
  });

  it("checks sha512:<hex> keys (case-insensitive hex)", () => {
    const check = createApiKeyCheck(`sha512:${sha512("plain").toUpperCase()}`);
    expect(check("plain")).toBe(true);
    expect(check(`sha512:${sha512("plain")}`)).toBe(false);
  });

  it("rejects everything for a malformed sha512 key instead of throwing", () => {
    const check = createApiKeyCheck("sha512:zz");
    expect(check("zz")).toBe(false);
  });
});
