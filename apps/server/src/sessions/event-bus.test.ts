import { describe, expect, it } from "vitest";
import { type AppliedEvent, createEventBus } from "./event-bus.ts";

const applied: AppliedEvent = {
  session: "s",
  events: [{ type: "chat.delete", chatId: "1@c.us" }],
  committed: [],
  timestamp: 1,
};

describe("event bus", () => {
  it("publishes to subscribers until they unsubscribe", () => {
    const bus = createEventBus();
    const seen: AppliedEvent[] = [];
    const unsubscribe = bus.subscribe((event) => seen.push(event));
    bus.publish(applied);
    unsubscribe();
    bus.publish(applied);
    expect(seen).toEqual([applied]);
  });

  it("isolates a throwing listener from the others and from the publisher", () => {
    const errors: unknown[] = [];
    const bus = createEventBus((error) => errors.push(error));
    const seen: string[] = [];
    bus.subscribe(() => {
      throw new Error("listener bug");
    });
    bus.subscribe((event) => seen.push(event.session));
    expect(() => bus.publish(applied)).not.toThrow();
    expect(seen).toEqual(["s"]);
    expect(errors).toHaveLength(1);
  });
});
