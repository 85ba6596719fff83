import { describe, expect, it } from "vitest";
import {
  ERROR_CATALOG,
  ERROR_CODES,
  isWaError,
  toWaError,
  validationError,
  WaError,
  type WaErrorCode,
} from "./errors.ts";

describe("ERROR_CATALOG (drift)", () => {
  it("ERROR_CODES lists exactly the catalog's codes", () => {
    expect([...ERROR_CODES].sort()).toEqual(Object.keys(ERROR_CATALOG).sort());
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  it.each(ERROR_CODES)(
    "%s is WA_<AREA>_<WHAT> in UPPER_SNAKE and has a default message",
    (code) => {
      expect(code).toMatch(/^WA_[A-Z0-9]+(_[A-Z0-9]+)+$/);
      expect(ERROR_CATALOG[code].trim().length).toBeGreaterThan(0);
    },
  );

  it.each(ERROR_CODES)("new WaError(%s) carries the code and the catalog message", (code) => {
    const error = new WaError(code);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("WaError");
    expect(error.code).toBe(code);
    expect(error.message).toBe(ERROR_CATALOG[code]);
    expect(isWaError(error)).toBe(true);
  });

  it.each<WaErrorCode>([
    "WA_INVALID_CHAT_ID",
    "WA_INVALID_MESSAGE_ID",
    "WA_VALIDATION_FAILED",
    "WA_SESSION_NAME_INVALID",
    "WA_ENGINE_UNSUPPORTED",
    "WA_ENGINE_STOPPED",
    "WA_ENGINE_FAILURE",
    "WA_MESSAGE_NOT_FOUND",
  ])("the catalog has %s, which core throws or the server maps", (code) => {
    expect(ERROR_CODES).toContain(code);
  });

  it("keeps WAHA's exact wording where clients see it", () => {
    expect(ERROR_CATALOG.WA_MESSAGE_NOT_FOUND).toBe("Message not found");
  });
});

describe("WaError", () => {
  it("keeps message, engine, cause and details", () => {
    const cause = new Error("native");
    const error = new WaError("WA_ENGINE_FAILURE", "custom", {
      engine: "noweb",
      cause,
      details: { a: 1 },
    });
    expect(error).toMatchObject({ message: "custom", engine: "noweb", cause, details: { a: 1 } });
  });

  it("leaves engine and details absent when not given", () => {
    const error = new WaError("WA_ENGINE_FAILURE");
    expect("engine" in error).toBe(false);
    expect("details" in error).toBe(false);
  });
});

describe("isWaError (brand check across package copies)", () => {
  it.each<[string, unknown, boolean]>([
    ["a WaError", new WaError("WA_STORE_FAILURE"), true],
    ["a plain object carrying the brand", { [Symbol.for("wa.error")]: true, code: "WA_X_Y" }, true],
    [
      "an Error carrying the brand",
      Object.assign(new Error("x"), { [Symbol.for("wa.error")]: true }),
      true,
    ],
    ["a plain Error", new Error("x"), false],
    ["an object with a look-alike code", { code: "WA_ENGINE_FAILURE" }, false],
    ["a local symbol of the same name", { [Symbol("wa.error")]: true }, false],
    ["the brand as a string key", { "wa.error": true }, false],
    ["null", null, false],
    ["undefined", undefined, false],
    ["a string", "WA_ENGINE_FAILURE", false],
  ])("%s → %s", (_case, value, expected) => {
    expect(isWaError(value)).toBe(expected);
  });
});

describe("toWaError", () => {
  it("keeps a WaError as it is", () => {
    const error = new WaError("WA_CHAT_NOT_FOUND");
    expect(toWaError(error, "noweb")).toBe(error);
  });

  it.each<[unknown, string]>([
    [new Error("boom"), "[wa:noweb] boom"],
    ["text", "[wa:noweb] text"],
    [42, "[wa:noweb] 42"],
  ])("wraps %j as WA_ENGINE_FAILURE with the cause", (value, message) => {
    const error = toWaError(value, "noweb");
    expect(error).toMatchObject({
      code: "WA_ENGINE_FAILURE",
      message,
      engine: "noweb",
      cause: value,
    });
  });

  it("has no engine prefix without an engine", () => {
    expect(toWaError(new Error("boom")).message).toBe("boom");
  });
});

describe("validationError", () => {
  it("carries the constraint texts for WAHA's 400 message array", () => {
    const error = validationError("limit must be a number", "offset must be a number");
    expect(error).toMatchObject({
      code: "WA_VALIDATION_FAILED",
      message: "limit must be a number; offset must be a number",
      details: { constraints: ["limit must be a number", "offset must be a number"] },
    });
  });
});
