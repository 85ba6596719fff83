/** @module Message ids and clocks of the simulated world. */
import { randomBytes } from "node:crypto";

/** A WhatsApp-looking message id. */
export function newMessageId(): string {
  return `3EB0${randomBytes(8).toString("hex").toUpperCase()}`;
}

/** Unix seconds now. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
