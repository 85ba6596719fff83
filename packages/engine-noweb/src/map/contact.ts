/** @module Baileys contacts and LID mappings → our `Contact` and `LidMapping`. */

import { type Contact, fromJid, type LidMapping } from "@wa/core";
import type { Contact as BaileysContact, LIDMapping } from "@whiskeysockets/baileys";
import { toRawJson } from "./raw.ts";

/**
 * A contact; only the fields Baileys sent are set, so a partial `contacts.update` never blanks a
 * known name. `notify` (the name the contact chose) becomes `pushName`.
 */
export function toContact(raw: Partial<BaileysContact>): Contact | null {
  if (!raw.id) return null;
  const contact: Contact = { id: fromJid(raw.id) };
  if (raw.name !== undefined) contact.name = raw.name ?? null;
  if (raw.notify !== undefined) contact.pushName = raw.notify ?? null;
  contact.raw = toRawJson(raw);
  return contact;
}

/** A phone-number ⇄ LID pair in API form (`@c.us` / `@lid`), or null when one side is missing. */
export function toLidMapping(raw: Partial<LIDMapping> | null | undefined): LidMapping | null {
  if (!raw?.lid || !raw.pn) return null;
  return { lid: fromJid(raw.lid), pn: fromJid(raw.pn) };
}

/** Maps a list, dropping what does not map. */
export function mapAll<T, R>(
  items: readonly T[] | null | undefined,
  map: (item: T) => R | null,
): R[] {
  const out: R[] = [];
  for (const item of items ?? []) {
    const mapped = map(item);
    if (mapped !== null) out.push(mapped);
  }
  return out;
}

/**
 * The pairs in a Baileys key-store write: `lid-mapping` stores `<pnUser> → <lidUser>` plus a
 * `<lidUser>_reverse` twin (skipped); deletions (null) are not pairs.
 */
export function lidMappingsOfKeyWrite(data: {
  "lid-mapping"?: Record<string, string | null> | undefined;
}): LidMapping[] {
  const out: LidMapping[] = [];
  for (const [pnUser, lidUser] of Object.entries(data["lid-mapping"] ?? {})) {
    if (pnUser.endsWith("_reverse") || typeof lidUser !== "string" || !lidUser) continue;
    out.push({ lid: `${lidUser}@lid`, pn: `${pnUser}@c.us` });
  }
  return out;
}
