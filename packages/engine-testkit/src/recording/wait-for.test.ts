import { isWaError } from "@wa/core";
import { describe, expect, it } from "vitest";
import { waitFor } from "./wait-for.ts";

describe("waitFor", () => {
  it("resolves with the first truthy value", async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { calls } : null), { intervalMs: 1 });
    expect(value).toEqual({ calls: 3 });
  });

  it("treats a throwing predicate as not yet, and reports it on timeout", async () => {
    const error = await waitFor(
      () => {
        throw new Error("still empty");
      },
      { timeoutMs: 20, intervalMs: 1, description: "the inbox to fill" },
    ).catch((e: unknown) => e);
    expect(isWaError(error) && error.code).toBe("WA_ENGINE_TIMEOUT");
    expect((error as Error).message).toMatch(
      /timed out after 20 ms waiting for the inbox to fill; last error: still empty/,
    );
  });

  it("names the predicate's source when no description is given", async () => {
    const error = await waitFor(() => 1 > 2, { timeoutMs: 5, intervalMs: 1 }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toContain("1 > 2");
  });
});
