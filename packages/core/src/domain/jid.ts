/** @module WhatsApp chat ids: WAHA's `@c.us` form for the API, Baileys' `@s.whatsapp.net` JIDs, and their kinds. */
import { WaError } from "../errors.ts";

/** A chat id in WAHA's API form, e.g. `123@c.us`, `123-456@g.us`, `789@lid`. */
export type ChatId = string;

/** The id that selects every chat on the messages routes. */
export const ALL_CHATS = "all";

/** The servers a chat id may name. */
export const JID_SERVERS = [
  "c.us",
  "s.whatsapp.net",
  "g.us",
  "lid",
  "newsletter",
  "broadcast",
  "meta.ai",
] as const;

/** One of {@link JID_SERVERS}. */
export type JidServer = (typeof JID_SERVERS)[number];

/** A chat id split into its user part, optional device and server. */
export interface ParsedJid {
  user: string;
  device?: number;
  server: JidServer;
}

const USER_PATTERN: Record<JidServer, RegExp> = {
  "c.us": /^\d{1,20}$/,
  "s.whatsapp.net": /^\d{1,20}$/,
  "g.us": /^\d{1,20}(-\d{1,20})?$/,
  lid: /^\d{1,24}$/,
  newsletter: /^\d{1,24}$/,
  broadcast: /^(status|\d{1,24})$/,
  "meta.ai": /^\d{1,24}$/,
};

/**
 * Parses a JID or chat id (`user[:device]@server`); returns null when it is malformed.
 * Only user and LID ids may carry a `:device` suffix.
 */
export function parseJid(value: string): ParsedJid | null {
  const at = value.indexOf("@");
  if (at <= 0 || at !== value.lastIndexOf("@")) return null;
  const server = value.slice(at + 1) as JidServer;
  if (!(JID_SERVERS as readonly string[]).includes(server)) return null;
  let user = value.slice(0, at);
  let device: number | undefined;
  const colon = user.indexOf(":");
  if (colon >= 0) {
    if (server !== "s.whatsapp.net" && server !== "c.us" && server !== "lid") return null;
    const deviceText = user.slice(colon + 1);
    if (!/^\d{1,3}$/.test(deviceText)) return null;
    device = Number(deviceText);
    user = user.slice(0, colon);
  }
  if (!USER_PATTERN[server].test(user)) return null;
  return device === undefined ? { user, server } : { user, device, server };
}

/**
 * Normalises a chat id given by a client the way WAHA does (`ensureSuffix`): a bare number gets
 * `@c.us`, `@s.whatsapp.net` becomes `@c.us`, a `:device` suffix is dropped, everything else is
 * kept. Throws `WA_INVALID_CHAT_ID` for anything that is not a WhatsApp id, including ids with
 * surrounding spaces: like WAHA we never trim, but we reject instead of matching nothing.
 */
export function normalizeChatId(input: string): ChatId {
  const value = String(input);
  const withServer = value.includes("@") ? value : `${value}@c.us`;
  const parsed = parseJid(withServer);
  if (!parsed) {
    throw new WaError(
      "WA_INVALID_CHAT_ID",
      `Invalid chat id '${input}': use a phone number (digits only) or an id like 123@c.us, 123-456@g.us, 123@lid, 123@newsletter or status@broadcast.`,
    );
  }
  const server = parsed.server === "s.whatsapp.net" ? "c.us" : parsed.server;
  return `${parsed.user}@${server}`;
}

/** Like {@link normalizeChatId} but lets the literal `all` through. */
export function normalizeChatIdOrAll(input: string): ChatId | typeof ALL_CHATS {
  return input === ALL_CHATS ? ALL_CHATS : normalizeChatId(input);
}

/** WAHA's `toJID`: the Baileys JID of a chat id (`@c.us` → `@s.whatsapp.net`, others unchanged). */
export function toJid(chatId: ChatId): string {
  const value = String(chatId);
  const parsed = parseJid(value.includes("@") ? value : `${value}@c.us`);
  if (!parsed) throw new WaError("WA_INVALID_CHAT_ID", `Invalid chat id '${chatId}'.`);
  const server = parsed.server === "c.us" ? "s.whatsapp.net" : parsed.server;
  return `${parsed.user}@${server}`;
}

/**
 * WAHA's `toCusFormat`: the API chat id of a Baileys JID (`@s.whatsapp.net` → `@c.us`, `:device`
 * stripped). Returns the input unchanged when it is not a JID (e.g. `me`).
 */
export function fromJid(jid: string): ChatId {
  const parsed = parseJid(jid);
  if (!parsed) return jid;
  const server = parsed.server === "s.whatsapp.net" ? "c.us" : parsed.server;
  return `${parsed.user}@${server}`;
}

/** The server part of a chat id, or undefined. */
export function jidServer(chatId: ChatId): string | undefined {
  const at = chatId.lastIndexOf("@");
  return at < 0 ? undefined : chatId.slice(at + 1);
}

/** True for group chats (`@g.us`). */
export const isGroupChat = (chatId: ChatId): boolean => jidServer(chatId) === "g.us";

/** True for hidden-user ids (`@lid`). */
export const isLidChat = (chatId: ChatId): boolean => jidServer(chatId) === "lid";

/** True for phone-number user chats (`@c.us` or `@s.whatsapp.net`). */
export const isUserChat = (chatId: ChatId): boolean => {
  const server = jidServer(chatId);
  return server === "c.us" || server === "s.whatsapp.net";
};

/** True for chats the overview never lists: broadcasts, `status@broadcast` and channels. */
export const isBroadcastOrNewsletter = (chatId: ChatId): boolean => {
  const server = jidServer(chatId);
  return server === "broadcast" || server === "newsletter";
};
