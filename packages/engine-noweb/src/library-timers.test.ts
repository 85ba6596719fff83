import { describe, expect, it } from "vitest";
import type { BaileysLogger } from "./engine.ts";
import { catchNextTimeout, createLibraryTimers } from "./library-timers.ts";

const original = globalThis.setTimeout;

describe("catchNextTimeout", () => {
  it("hands over the next timer of the delay, leaves other delays alone, and puts setTimeout back", async () => {
    const caught: NodeJS.Timeout[] = [];
    catchNextTimeout(30_000, (timer) => caught.push(timer));
    const other = setTimeout(() => {}, 10);
    const target = setTimeout(() => {}, 30_000);
    expect(globalThis.setTimeout).toBe(original);
    const later = setTimeout(() => {}, 30_000);
    expect(caught).toEqual([target]);
    for (const timer of [other, target, later]) clearTimeout(timer);
  });

  it("puts setTimeout back at the next microtask when no such timer starts", async () => {
    catchNextTimeout(30_000, () => {});
    expect(globalThis.setTimeout).not.toBe(original);
    await Promise.resolve();
    expect(globalThis.setTimeout).toBe(original);
  });
});

describe("createLibraryTimers", () => {
  it("unrefs the timer started right after Baileys logs its pre-key upload, on release", () => {
    const lines: string[] = [];
    const logger = { level: "info", info: (_obj: unknown, msg?: string) => lines.push(msg ?? "") };
    const timers = createLibraryTimers();
    const watched = timers.watch(logger as unknown as BaileysLogger);
    watched.info({ count: 5 }, "uploading pre-keys");
    const timer = setTimeout(() => {}, 30_000);
    expect(lines).toEqual(["uploading pre-keys"]);
    expect(timer.hasRef()).toBe(true);
    timers.release();
    expect(timer.hasRef()).toBe(false);
    clearTimeout(timer);
  });
});
