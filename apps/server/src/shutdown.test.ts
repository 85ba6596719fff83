/** @module The graceful stop's rules, with a fake process: order, exit codes, deadline, second signal. */
import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { installShutdown, type ShutdownLogger } from "./shutdown.ts";

/** A process that records its exit code instead of exiting. */
function fakeProcess() {
  const events = new EventEmitter();
  const exits: number[] = [];
  return {
    exits,
    signal: (name: NodeJS.Signals) => events.emit(name),
    process: {
      once: (signal: NodeJS.Signals, listener: () => void) => events.once(signal, listener),
      exit: (code: number) => void exits.push(code),
    },
  };
}

const logger = (): ShutdownLogger & { errors: string[] } => {
  const errors: string[] = [];
  return { errors, info: () => {}, error: (_fields, message) => void errors.push(message) };
};

describe("installShutdown", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("on SIGTERM runs the steps last-added first, one at a time, then exits 0", async () => {
    const fake = fakeProcess();
    const shutdown = installShutdown({ logger: logger(), process: fake.process });
    const order: string[] = [];
    shutdown.add("store", () => void order.push("store"));
    shutdown.add("app", async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push("app");
    });
    fake.signal("SIGTERM");
    await vi.waitFor(() => expect(fake.exits).toEqual([0]));
    expect(order).toEqual(["app", "store"]);
  });

  it("handles SIGINT the same way", async () => {
    const fake = fakeProcess();
    const shutdown = installShutdown({ logger: logger(), process: fake.process });
    const step = vi.fn();
    shutdown.add("store", step);
    fake.signal("SIGINT");
    await vi.waitFor(() => expect(fake.exits).toEqual([0]));
    expect(step).toHaveBeenCalledOnce();
  });

  it("runs the remaining steps after a failed one, logs it and exits 1", async () => {
    const fake = fakeProcess();
    const log = logger();
    const shutdown = installShutdown({ logger: log, process: fake.process });
    const store = vi.fn();
    shutdown.add("store", store);
    shutdown.add("app", () => Promise.reject(new Error("engine stuck")));
    fake.signal("SIGTERM");
    await vi.waitFor(() => expect(fake.exits).toEqual([1]));
    expect(store).toHaveBeenCalledOnce();
    expect(log.errors).toContain("shutdown step failed");
  });

  it("exits 1 at the deadline when a step hangs", async () => {
    vi.useFakeTimers();
    const fake = fakeProcess();
    const log = logger();
    const shutdown = installShutdown({ logger: log, process: fake.process, timeoutMs: 10_000 });
    shutdown.add("app", () => new Promise<void>(() => {}));
    fake.signal("SIGTERM");
    await vi.advanceTimersByTimeAsync(9_999);
    expect(fake.exits).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.exits).toEqual([1]);
    expect(log.errors).toContain("shutdown took too long; exiting now");
  });

  it("exits 1 at once on a second signal while stopping, and only once", async () => {
    const fake = fakeProcess();
    const shutdown = installShutdown({ logger: logger(), process: fake.process });
    let finish = () => {};
    shutdown.add("app", () => new Promise<void>((resolve) => (finish = resolve)));
    fake.signal("SIGTERM");
    fake.signal("SIGTERM");
    expect(fake.exits).toEqual([1]);
    finish();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fake.exits).toEqual([1]);
  });

  it("runs the steps once however often it is asked", async () => {
    const fake = fakeProcess();
    const shutdown = installShutdown({ logger: logger(), process: fake.process });
    const step = vi.fn();
    shutdown.add("store", step);
    await Promise.all([shutdown.run("test"), shutdown.run("test")]);
    expect(step).toHaveBeenCalledOnce();
    expect(fake.exits).toEqual([0]);
  });
});
