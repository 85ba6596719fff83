/** @module toWaError as a table over recorded Baileys error shapes in test/fixtures/errors. */
import { isWaError, WaError } from "@wa/core";
import { describe, expect, it } from "vitest";
import { loadFixtureDir } from "../test/fixtures.ts";
import { toWaError } from "./errors.ts";

interface ErrorCase {
  name: string;
  error: { message: string; isBoom?: boolean; output?: unknown; data?: unknown } | string;
  code: string;
  iqErrorCode?: number;
}

/** Rebuilds the thrown value: an Error carrying the recorded Boom fields, or the raw value. */
function rebuild(recorded: ErrorCase["error"]): unknown {
  if (typeof recorded === "string") return recorded;
  const { message, ...fields } = recorded;
  return Object.assign(new Error(message), fields);
}

const cases = loadFixtureDir<ErrorCase>("errors");

describe("toWaError over recorded Baileys errors", () => {
  it("has cases", () => expect(cases.length).toBeGreaterThan(10));

  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const thrown = rebuild(c.error);
    const error = toWaError(thrown);
    expect(isWaError(error)).toBe(true);
    expect(error.code).toBe(c.code);
    expect(error.engine).toBe("noweb");
    expect(error.message.startsWith("[wa:noweb] ")).toBe(true);
    expect(error.cause).toBe(thrown);
    if (c.iqErrorCode !== undefined) expect(error.details?.iqErrorCode).toBe(c.iqErrorCode);
  });

  it("keeps a WaError as it is", () => {
    const original = new WaError("WA_NO_RECENT_MESSAGE");
    expect(toWaError(original)).toBe(original);
  });
});
