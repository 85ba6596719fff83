/** @module whatsapp-web.js contacts and LID pairs → our `Contact` and `LidMapping`. */
import type { Contact, LidMapping } from "@wa/core";
import { type WidLike, widText } from "./message.ts";

/** The fields of a whatsapp-web.js `Contact` the engine reads. */
export interface WebjsContactData {
  id: WidLike;
  name?: string | null;
  pushname?: string | null;
  isUser?: boolean;
  isMe?: boolean;
}

/** A contact of the account (people only; groups and our own account are not contacts). */
export function toContact(data: WebjsContactData): Contact | null {
  const id = widText(data.id);
  if (!id || data.isMe || !/@(c\.us|lid)$/.test(id)) return null;
  return { id, name: data.name ?? null, pushName: data.pushname ?? null };
}

/** `getContactLidAndPhone` answers → LID pairs (both sides known only). */
export function toLidMapping(pair: { lid?: WidLike; pn?: WidLike }): LidMapping | null {
  const lid = widText(pair.lid);
  const pn = widText(pair.pn);
  return lid?.endsWith("@lid") && pn?.endsWith("@c.us") ? { lid, pn } : null;
}
