/** @module Error children of iq results, which Baileys' `assertNodeErrorFree` turns into a thrown `Boom`. */
import type { BinaryNode } from "@whiskeysockets/baileys";

/** `<error code text/>`: Baileys throws a Boom whose message is `text` and whose `data` is the code. */
export function errorChild(code: number, text: string): BinaryNode {
  return { tag: "error", attrs: { code: String(code), text } };
}
