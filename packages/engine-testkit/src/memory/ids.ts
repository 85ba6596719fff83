/** @module Random ids in the shapes WhatsApp uses: message ids, QR strings and pairing codes. */
import { randomBytes } from "node:crypto";

/** Crockford-like alphabet WhatsApp pairing codes use (no 0/O, 1/I confusion). */
const PAIRING_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTVWXYZ";

/** An id like Baileys' `generateMessageIDV2`: `3EB0` and 18 upper-case hex digits. */
export function newClientMessageId(): string {
  return `3EB0${hex(9)}`;
}

/** An id like the ones phones assign: `3A` and 18 upper-case hex digits. */
export function newPhoneMessageId(): string {
  return `3A${hex(9)}`;
}

/** A QR payload shaped like Baileys' `ref,noiseKey,identityKey,advSecret`. */
export function newQr(): string {
  const b64 = (size: number) => randomBytes(size).toString("base64");
  return `2@${b64(24)},${b64(32)},${b64(32)},${b64(32)}`;
}

/** A pairing code like `ABCD-EFGH`. */
export function newPairingCode(): string {
  const chars = [...randomBytes(8)].map((byte) => PAIRING_ALPHABET[byte % PAIRING_ALPHABET.length]);
  return `${chars.slice(0, 4).join("")}-${chars.slice(4).join("")}`;
}

// --- internal ---

function hex(bytes: number): string {
  return randomBytes(bytes).toString("hex").toUpperCase();
}
