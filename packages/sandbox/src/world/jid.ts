/** @module Conversions between the world's WAHA-style chat ids (`123@c.us`) and the wire JIDs Baileys uses (`123@s.whatsapp.net`). */
import type { ChatId } from "@wa/core";

/** `123@c.us` → `123@s.whatsapp.net`; other servers are unchanged. */
export function toWireJid(chatId: ChatId): string {
  return chatId.endsWith("@c.us") ? `${chatId.slice(0, -5)}@s.whatsapp.net` : chatId;
}

/** A wire JID (possibly with `:device`) → the world's chat id. */
export function toChatId(jid: string): ChatId {
  const at = jid.indexOf("@");
  const user = jid.slice(0, at).split(":")[0] ?? "";
  const server = jid.slice(at + 1);
  return server === "s.whatsapp.net" ? `${user}@c.us` : `${user}@${server}`;
}

/** The user part of a JID or chat id, without device. */
export function userOf(jid: string): string {
  return jid.slice(0, jid.indexOf("@")).split(":")[0] ?? "";
}

/** The simulated LID of a phone number: stable, digits only, never equal to a phone number we hand out. */
export function lidForPhone(phone: string): string {
  return `9${phone}`;
}
