/** @module Unit tests of the WebSocket framing. */
import { NOISE_WA_HEADER } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { createFrameReader, encodeFrame } from "./frames.ts";

describe("frames", () => {
  it("strips the intro header once and splits frames across arbitrary chunk boundaries", () => {
    const reader = createFrameReader();
    const stream = Buffer.concat([
      NOISE_WA_HEADER,
      encodeFrame(Buffer.from("hello")),
      encodeFrame(Buffer.alloc(70_000, 7)),
      encodeFrame(Buffer.from("!")),
    ]);
    const frames: Buffer[] = [];
    for (let i = 0; i < stream.length; i += 1000)
      frames.push(...reader.push(stream.subarray(i, i + 1000)));
    expect(frames.map((f) => f.length)).toEqual([5, 70_000, 1]);
    expect(frames[0]?.toString()).toBe("hello");
  });

  it("rejects a stream without the WA header", () => {
    expect(() => createFrameReader().push(Buffer.from([0, 0, 1, 9]))).toThrow(/intro header/);
  });

  it("encodes a 3-byte big-endian length", () => {
    expect([...encodeFrame(Buffer.alloc(0x010203)).subarray(0, 3)]).toEqual([1, 2, 3]);
  });
});
