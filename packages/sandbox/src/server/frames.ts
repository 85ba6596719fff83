/** @module WhatsApp's WebSocket framing: a 3-byte big-endian length before each frame; the client's first frame also carries the `WA` intro header. */
import { NOISE_WA_HEADER } from "@whiskeysockets/baileys";

/** Splits a byte stream into frames; `push` returns the complete frames received so far. */
export interface FrameReader {
  push(chunk: Uint8Array): Buffer[];
}

/** A reader for the client → server direction (strips the intro header once). */
export function createFrameReader(): FrameReader {
  let pending = Buffer.alloc(0);
  let sawIntro = false;
  return {
    push(chunk) {
      pending = Buffer.concat([pending, chunk]);
      if (!sawIntro) {
        if (pending.length < NOISE_WA_HEADER.length) return [];
        if (!pending.subarray(0, 2).equals(NOISE_WA_HEADER.subarray(0, 2))) {
          throw new Error("frames: missing WA intro header");
        }
        pending = pending.subarray(NOISE_WA_HEADER.length);
        sawIntro = true;
      }
      const frames: Buffer[] = [];
      while (pending.length >= 3) {
        const size = pending.readUIntBE(0, 3);
        if (pending.length < size + 3) break;
        frames.push(Buffer.from(pending.subarray(3, size + 3)));
        pending = pending.subarray(size + 3);
      }
      return frames;
    },
  };
}

/** Prefixes a server → client frame with its length. */
export function encodeFrame(data: Uint8Array): Buffer {
  const out = Buffer.alloc(3 + data.byteLength);
  out[0] = (data.byteLength >>> 16) & 0xff;
  out[1] = (data.byteLength >>> 8) & 0xff;
  out[2] = data.byteLength & 0xff;
  out.set(data, 3);
  return out;
}
