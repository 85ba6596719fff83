import { describe, expect, it } from "vitest";
import { createEventIds, decodeEventId, EVENT_ID_PATTERN } from "./event-id.ts";

describe("event ids", () => {
  it("are evt_ + a lowercase ULID carrying the time", () => {
    const id = createEventIds({ now: () => 1_700_000_000_123 })();
    expect(id).toMatch(EVENT_ID_PATTERN);
    expect(id).toBe(id.toLowerCase());
    expect(decodeEventId(id).time).toBe(1_700_000_000_123);
  });

  it("count up within one millisecond and when the clock steps back", () => {
    const times = [5000, 5000, 5000, 4000, 6000, 6000];
    const next = createEventIds({ now: () => times.shift() ?? 0 });
    const ids = Array.from({ length: 6 }, next);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(6);
    expect(decodeEventId(ids[1] as string).random).toBe(
      decodeEventId(ids[0] as string).random + 1n,
    );
    expect(decodeEventId(ids[3] as string).time).toBe(5000);
  });

  it("sort after the id they continue from, even with an earlier clock", () => {
    const first = createEventIds({ now: () => 9000 })();
    const next = createEventIds({ after: first, now: () => 1000 });
    const second = next();
    expect(second > first).toBe(true);
    expect(decodeEventId(second).time).toBe(9000);
  });

  it("borrow the next millisecond when the random part is exhausted", () => {
    const last = `evt_${"0".repeat(9)}1${"z".repeat(16)}`;
    const next = createEventIds({ after: last, now: () => 0 })();
    expect(decodeEventId(next)).toEqual({ time: 2, random: 0n });
  });

  it("refuse to decode anything else", () => {
    expect(() => decodeEventId("evt_NOTLOWER0000000000000000000")).toThrow(/not an event id/);
  });
});
