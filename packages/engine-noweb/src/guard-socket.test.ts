/** @module guardAsyncListeners: rejections of async listeners are caught, sync throws too, results pass through. */
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { guardAsyncListeners } from "./guard-socket.ts";

describe("guardAsyncListeners", () => {
  it("routes a rejecting async listener to onError instead of an unhandled rejection", async () => {
    const emitter = new EventEmitter();
    const seen: unknown[] = [];
    emitter.on("message", async (data: string) => {
      if (data === "bad") throw new Error("end of stream");
      seen.push(data);
    });
    const errors: unknown[] = [];
    expect(guardAsyncListeners(emitter, "message", (error) => errors.push(error))).toBe(1);
    emitter.emit("message", "good");
    emitter.emit("message", "bad");
    await expect.poll(() => errors.length).toBe(1);
    expect(seen).toEqual(["good"]);
    expect(String(errors[0])).toContain("end of stream");
    expect(emitter.listenerCount("message")).toBe(1);
  });

  it("catches synchronous throws and ignores emitters without listeners", () => {
    const emitter = new EventEmitter();
    emitter.on("message", () => {
      throw new Error("sync");
    });
    const errors: unknown[] = [];
    guardAsyncListeners(emitter, "message", (error) => errors.push(error));
    emitter.emit("message");
    expect(errors).toHaveLength(1);
    expect(guardAsyncListeners(undefined, "message", () => {})).toBe(0);
  });
});
