/**
 * @module WhatsApp's media encryption, written from the protocol (the simulator's side; clients
 * decrypt with their own code): the message's 32-byte `mediaKey` is HKDF-SHA256-expanded with
 * "WhatsApp <Type> Keys" into IV, cipher key and MAC key; the file is AES-256-CBC encrypted and
 * followed by the first 10 bytes of HMAC-SHA256(macKey, iv ‖ ciphertext). `fileSha256` hashes the
 * plain file, `fileEncSha256` the uploaded bytes (ciphertext ‖ mac). Media re-upload answers are
 * AES-256-GCM under a key derived the same way.
 */
import { createCipheriv, createHash, createHmac, hkdfSync, randomBytes } from "node:crypto";
import type { MediaType } from "@wa/core";

/** An encrypted file and the fields a media message carries about it. */
export interface EncryptedMedia {
  mediaKey: Buffer;
  /** What the media host serves: ciphertext followed by the 10-byte MAC. */
  encrypted: Buffer;
  fileSha256: Buffer;
  fileEncSha256: Buffer;
  fileLength: number;
}

/** The HKDF info word of each media type (voice notes are audio, stickers images). */
const KEY_INFO: Record<MediaType, string> = {
  image: "Image",
  video: "Video",
  audio: "Audio",
  voice: "Audio",
  document: "Document",
  sticker: "Image",
};

/** The IV, cipher key and MAC key of a media key for a media type. */
export function mediaKeys(mediaKey: Uint8Array, type: MediaType) {
  const expanded = Buffer.from(
    hkdfSync("sha256", mediaKey, Buffer.alloc(0), `WhatsApp ${KEY_INFO[type]} Keys`, 112),
  );
  return {
    iv: expanded.subarray(0, 16),
    cipherKey: expanded.subarray(16, 48),
    macKey: expanded.subarray(48, 80),
  };
}

/** Encrypts a plain file under a fresh (or given) media key. */
export function encryptMedia(
  plain: Uint8Array,
  type: MediaType,
  mediaKey: Buffer = randomBytes(32),
): EncryptedMedia {
  const { iv, cipherKey, macKey } = mediaKeys(mediaKey, type);
  const cipher = createCipheriv("aes-256-cbc", cipherKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  const mac = createHmac("sha256", macKey).update(iv).update(ciphertext).digest().subarray(0, 10);
  const encrypted = Buffer.concat([ciphertext, mac]);
  return {
    mediaKey,
    encrypted,
    fileSha256: sha256(plain),
    fileEncSha256: sha256(encrypted),
    fileLength: plain.length,
  };
}

/** The AES-GCM key of media re-upload (`mediaretry`) notifications for a media key. */
export function mediaRetryKey(mediaKey: Uint8Array): Buffer {
  return Buffer.from(
    hkdfSync("sha256", mediaKey, Buffer.alloc(0), "WhatsApp Media Retry Notification", 32),
  );
}

/** Encrypts a `MediaRetryNotification` for the client: AES-256-GCM, the message id as AAD. */
export function encryptRetryNotification(
  plain: Uint8Array,
  mediaKey: Uint8Array,
  messageId: string,
): { ciphertext: Buffer; iv: Buffer } {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", mediaRetryKey(mediaKey), iv);
  cipher.setAAD(Buffer.from(messageId));
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return { ciphertext, iv };
}

// --- internal ---

function sha256(bytes: Uint8Array): Buffer {
  return createHash("sha256").update(bytes).digest();
}
