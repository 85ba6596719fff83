/** @module Polls until a lookup finds something (bounded): the integration tests' wait over loopback. */
import { vi } from "vitest";

/** Resolves with the first found value (not undefined/false); rejects after `timeout` ms. */
export function findEventually<T>(
  find: () => Promise<T | undefined | false> | T | undefined | false,
  timeout = 20_000,
): Promise<T> {
  return vi.waitFor(
    async () => {
      const found = await find();
      if (found === undefined || found === false) throw new Error("not yet");
      return found;
    },
    { timeout, interval: 20 },
  );
}
