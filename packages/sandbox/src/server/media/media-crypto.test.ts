import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import {
  decryptMediaRetryData,
  downloadEncryptedContent,
  getMediaKeys,
  proto,
} from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { encryptMedia, encryptRetryNotification, mediaKeys } from "./media-crypto.ts";

// Baileys is the reference: its own key derivation and decryption must accept what we encrypt.
describe("media encryption (checked against Baileys)", () => {
  it.each([
    ["image", "image"],
    ["video", "video"],
    ["audio", "audio"],
    ["voice", "audio"],
    ["document", "document"],
    ["sticker", "sticker"],
  ] as const)("%s keys equal Baileys' '%s' keys", async (type, baileysType) => {
    const mediaKey = randomBytes(32);
    const ours = mediaKeys(mediaKey, type);
    const theirs = await getMediaKeys(mediaKey, baileysType);
    expect(Buffer.from(ours.iv)).toEqual(Buffer.from(theirs.iv as Uint8Array));
    expect(Buffer.from(ours.cipherKey)).toEqual(Buffer.from(theirs.cipherKey as Uint8Array));
    expect(Buffer.from(ours.macKey)).toEqual(Buffer.from(theirs.macKey as Uint8Array));
  });

  it("Baileys' decryption gives back the plain file", async () => {
    const plain = randomBytes(70_000);
    const media = encryptMedia(plain, "image");
    expect(media.encrypted.length % 16).toBe(10); // ciphertext blocks + 10-byte MAC
    const keys = await getMediaKeys(media.mediaKey, "image");
    const original = globalThis.fetch;
    globalThis.fetch = (async () =>
      new Response(Readable.toWeb(Readable.from([media.encrypted])) as ReadableStream)) as never;
    try {
      const stream = await downloadEncryptedContent("https://127.0.0.1/x", keys);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks)).toEqual(plain);
    } finally {
      globalThis.fetch = original;
    }
  });

  it("Baileys decrypts a media re-upload notification", () => {
    const mediaKey = randomBytes(32);
    const plain = proto.MediaRetryNotification.encode({
      stanzaId: "ABC",
      directPath: "/v/new",
      result: proto.MediaRetryNotification.ResultType.SUCCESS,
    }).finish();
    const sealed = encryptRetryNotification(plain, mediaKey, "ABC");
    const opened = decryptMediaRetryData(sealed, mediaKey, "ABC");
    expect(opened.directPath).toBe("/v/new");
    expect(opened.result).toBe(proto.MediaRetryNotification.ResultType.SUCCESS);
  });
});
