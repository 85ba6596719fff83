import { describe, expect, it } from "vitest";
import { createWriteLimiter } from "./write-limiter.ts";

/** A command that runs until released. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, command: () => opened.then(() => "done") };
}

describe("write limiter", () => {
  it("runs `concurrency` commands at once, queues `queue` more and refuses the next at once (503 WA_SERVER_BUSY)", async () => {
    const limiter = createWriteLimiter({
      concurrency: 2,
      queue: 1,
      maxWaitMs: 60_000,
      retryAfterSeconds: 3,
    });
    const gates = [gate(), gate(), gate()];
    const admitted = gates.map((g) => limiter.run("s", g.command));
    expect(limiter.load("s")).toEqual({ running: 2, waiting: 1 });
    await expect(limiter.run("s", async () => "late")).rejects.toMatchObject({
      code: "WA_SERVER_BUSY",
      details: { session: "s", retryAfterSeconds: 3 },
    });
    for (const g of gates) g.open();
    await expect(Promise.all(admitted)).resolves.toEqual(["done", "done", "done"]);
    expect(limiter.load("s")).toEqual({ running: 0, waiting: 0 });
  });

  it("a full session never holds up another session's commands", async () => {
    const limiter = createWriteLimiter({
      concurrency: 1,
      queue: 0,
      maxWaitMs: 60_000,
      retryAfterSeconds: 1,
    });
    const blocked = gate();
    const first = limiter.run("busy", blocked.command);
    await expect(limiter.run("busy", async () => 1)).rejects.toMatchObject({
      code: "WA_SERVER_BUSY",
    });
    await expect(limiter.run("other", async () => "other")).resolves.toBe("other");
    blocked.open();
    await first;
  });

  it("a failed command frees its place for the next one", async () => {
    const limiter = createWriteLimiter({
      concurrency: 1,
      queue: 1,
      maxWaitMs: 60_000,
      retryAfterSeconds: 1,
    });
    const failing = limiter.run("s", async () => {
      throw new Error("boom");
    });
    const next = limiter.run("s", async () => "next");
    await expect(failing).rejects.toThrow("boom");
    await expect(next).resolves.toBe("next");
    expect(limiter.load("s")).toEqual({ running: 0, waiting: 0 });
  });

  it("refuses a command that would wait longer than maxWaitMs at the session's pace, though the queue has room", async () => {
    let clock = 0;
    const limits = { concurrency: 1, queue: 100, maxWaitMs: 50, retryAfterSeconds: 1 };
    const limiter = createWriteLimiter(limits, () => clock);
    // One command of 40 ms sets the pace.
    await limiter.run("s", async () => {
      clock += 40;
    });
    const running = gate();
    const first = limiter.run("s", running.command);
    // One waiting place costs 40 ms: admitted. A second one would wait 80 ms: refused.
    const second = limiter.run("s", async () => "second");
    await expect(limiter.run("s", async () => "third")).rejects.toMatchObject({
      code: "WA_SERVER_BUSY",
    });
    // Another session has its own pace: it runs at once in its own free place.
    await expect(limiter.run("other", async () => "other")).resolves.toBe("other");
    running.open();
    await expect(Promise.all([first, second])).resolves.toEqual(["done", "second"]);
  });

  it("counts how widely command times spread, not only their average: a session whose commands sometimes take long is refused sooner", async () => {
    let clock = 0;
    const limits = { concurrency: 1, queue: 100, maxWaitMs: 150, retryAfterSeconds: 1 };
    const limiter = createWriteLimiter(limits, () => clock);
    // Commands of 10 and 190 ms in turn: about 100 ms on average, but one may take 190.
    for (let i = 0; i < 10; i += 1) {
      await limiter.run("s", async () => {
        clock += i % 2 === 0 ? 10 : 190;
      });
    }
    const running = gate();
    const first = limiter.run("s", running.command);
    // The average alone (about 100 ms a place) would admit a waiting command that may wait 190 ms.
    await expect(limiter.run("s", async () => "waits")).rejects.toMatchObject({
      code: "WA_SERVER_BUSY",
    });
    running.open();
    await expect(first).resolves.toBe("done");
  });

  it("a session with no pace yet is taken to need maxWaitMs per command: one round of waiting places, no more", async () => {
    const limiter = createWriteLimiter({
      concurrency: 2,
      queue: 16,
      maxWaitMs: 1000,
      retryAfterSeconds: 1,
    });
    const gates = Array.from({ length: 4 }, gate);
    const admitted = gates.map((g) => limiter.run("fresh", g.command));
    expect(limiter.load("fresh")).toEqual({ running: 2, waiting: 2 });
    await expect(limiter.run("fresh", async () => "fifth")).rejects.toMatchObject({
      code: "WA_SERVER_BUSY",
    });
    for (const g of gates) g.open();
    await Promise.all(admitted);
  });
});
