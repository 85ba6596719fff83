import { describe, expect, it } from "vitest";
import { createKeyedLock } from "./keyed-lock.ts";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("keyed lock", () => {
  it("runs the operations of one key in call order, one at a time", async () => {
    const lock = createKeyedLock();
    const seen: string[] = [];
    const step = (name: string) => async () => {
      seen.push(`${name}:in`);
      await tick();
      seen.push(`${name}:out`);
      return name;
    };
    const results = await Promise.all([lock.run("a", step("1")), lock.run("a", step("2"))]);
    expect(results).toEqual(["1", "2"]);
    expect(seen).toEqual(["1:in", "1:out", "2:in", "2:out"]);
  });

  it("never holds one key up behind another", async () => {
    const lock = createKeyedLock();
    let release = () => {};
    const blocked = lock.run("a", () => new Promise<void>((resolve) => (release = resolve)));
    await expect(lock.run("b", async () => "b")).resolves.toBe("b");
    expect(lock.busy("a")).toBe(true);
    release();
    await blocked;
  });

  it("a failed operation rejects its caller only; the next one still runs and the key is freed", async () => {
    const lock = createKeyedLock();
    const failed = lock.run("a", async () => {
      throw new Error("boom");
    });
    const next = lock.run("a", async () => "next");
    await expect(failed).rejects.toThrow("boom");
    await expect(next).resolves.toBe("next");
    await lock.settled("a");
    await tick();
    expect(lock.busy("a")).toBe(false);
  });
});
