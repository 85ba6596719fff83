import { describe, expect, it } from "vitest";
import { isWaError } from "../errors.ts";
import { EMITTED_EVENT_NAMES, parseEventNames, WAHA_EVENT_NAMES } from "./names.ts";

describe("event names", () => {
  it("expands * to every WAHA event but state.change and engine.event", () => {
    const all = parseEventNames(["*"]);
    expect(all.has("state.change")).toBe(false);
    expect(all.has("engine.event")).toBe(false);
    expect(all.size).toBe(WAHA_EVENT_NAMES.length - 2);
    for (const name of EMITTED_EVENT_NAMES) expect(all.has(name)).toBe(true);
  });

  it("accepts any WAHA name, including ones this server never sends", () => {
    expect([...parseEventNames(["message", "presence.update", "state.change"])]).toEqual([
      "message",
      "presence.update",
      "state.change",
    ]);
  });

  it("rejects unknown names (naming each) and empty lists with a 400 error", () => {
    const failure = (() => {
      try {
        parseEventNames(["message", "mesage", 7], "webhooks[0].events");
      } catch (error) {
        return error;
      }
    })();
    expect(isWaError(failure) && failure.code).toBe("WA_VALIDATION_FAILED");
    expect((failure as Error).message).toMatch(
      /webhooks\[0\]\.events has unknown event names: "mesage", 7/,
    );
    expect(() => parseEventNames([])).toThrow(/at least one event/);
  });
});
