import { describe, expect, it } from "vitest";
import { assertSessionName, SESSION_NAME_PATTERN } from "./session.ts";

describe("assertSessionName", () => {
  it.each(["default", "a", "Sales_Team-2", "0", "_", "-", "x".repeat(54)])(
    "accepts %j (WAHA's ^[a-zA-Z0-9_-]*$, at most 54 characters)",
    (name) => {
      expect(assertSessionName(name)).toBe(name);
    },
  );

  // Names become store keys and path segments, so nothing may escape a folder.
  it.each([
    ["empty", ""],
    ["55 characters", "x".repeat(55)],
    ["dot-dot", ".."],
    ["single dot", "."],
    ["path up", "../etc"],
    ["slash", "a/b"],
    ["backslash", "a\\b"],
    ["NUL", "a\u0000b"],
    ["trailing newline", "default\n"],
    ["space", "my session"],
    ["percent-encoding", "a%2Fb"],
    ["non-ASCII letter", "sessión"],
    ["non-ASCII digit", "١٢٣"],
    ["colon", "c:"],
  ])("refuses %s (%j) with WA_SESSION_NAME_INVALID", (_case, name) => {
    expect(() => assertSessionName(name)).toThrow(
      expect.objectContaining({ code: "WA_SESSION_NAME_INVALID" }),
    );
    expect(SESSION_NAME_PATTERN.test(name)).toBe(false);
  });

  it.each([undefined, null, 42])("refuses the non-string %j from untyped callers", (name) => {
    expect(() => assertSessionName(name as unknown as string)).toThrow(
      expect.objectContaining({ code: "WA_SESSION_NAME_INVALID" }),
    );
  });
});
