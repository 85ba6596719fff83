/** @module The world's model in the shapes the fake WhatsApp Web page shows (chats, messages, contacts). */
import { newestTimestamp, syncedAck } from "../world/ops.ts";
import type { WorldAccount, WorldChat, WorldMessage } from "../world/types.ts";
import type { PageChat, PageContact, PageMedia, PageMessage, PageSnapshot } from "./protocol.ts";

/** A world message as the page shows it. */
export function pageMessage(chatId: string, message: WorldMessage): PageMessage {
  const shown: PageMessage = {
    id: message.id,
    fromMe: message.fromMe,
    body: message.revoked ? "" : (message.editedText ?? message.text ?? ""),
    timestamp: message.timestamp,
    ack: syncedAck(message),
  };
  if (message.participant) shown.participant = message.participant;
  if (message.media && !message.revoked) shown.media = pageMedia(chatId, message);
  if (message.revoked) shown.revoked = true;
  if (message.pinned) shown.pinned = true;
  return shown;
}

/** A chat's header (everything but its messages). */
export function pageChatHeader(account: WorldAccount, chat: WorldChat): Omit<PageChat, "messages"> {
  const header: Omit<PageChat, "messages"> = {
    id: chat.id,
    archived: chat.state.archived,
    pinned: chat.state.pinned,
    markedUnread: chat.state.markedUnread,
    unreadCount: chat.unreadCount,
    timestamp: newestTimestamp(chat.messages),
  };
  if (chat.name) header.name = chat.name;
  const group = account.groups.get(chat.id);
  if (group) header.participants = [...group.participants];
  return header;
}

/** A chat with its newest `count` messages, oldest first. */
export function pageChat(account: WorldAccount, chat: WorldChat, count: number): PageChat {
  const sorted = [...chat.messages].sort((a, b) => a.timestamp - b.timestamp);
  return {
    ...pageChatHeader(account, chat),
    messages: sorted.slice(-count).map((m) => pageMessage(chat.id, m)),
  };
}

/** The contacts of the account. */
export function pageContacts(account: WorldAccount): PageContact[] {
  return [...account.contacts.values()].map((c) => {
    const contact: PageContact = { id: `${c.phone}@c.us`, lid: c.lid };
    if (c.name) contact.name = c.name;
    if (c.pushName) contact.pushName = c.pushName;
    return contact;
  });
}

/** Everything a freshly loaded page shows: chats that were not deleted, newest messages first loaded. */
export function pageSnapshot(account: WorldAccount, messagesPerChat: number): PageSnapshot {
  const chats = [...account.chats.values()]
    .filter((chat) => !chat.state.deleted)
    .map((chat) => pageChat(account, chat, messagesPerChat));
  return {
    me: { phone: account.phone, lid: account.lid, pushName: account.pushName },
    chats,
    contacts: pageContacts(account),
  };
}

/** Up to `count` messages older than `beforeId` (the page's oldest loaded one), oldest first. */
export function earlierMessages(
  chat: WorldChat,
  beforeId: string | null,
  count: number,
): PageMessage[] {
  const sorted = [...chat.messages].sort((a, b) => a.timestamp - b.timestamp);
  const end = beforeId === null ? sorted.length : sorted.findIndex((m) => m.id === beforeId);
  if (end <= 0) return [];
  return sorted.slice(Math.max(0, end - count), end).map((m) => pageMessage(chat.id, m));
}

/** Where the page downloads a message's file (the `media` call takes it back apart). */
export function mediaPath(chatId: string, messageId: string): string {
  return `/fake-wa/${encodeURIComponent(chatId)}/${encodeURIComponent(messageId)}`;
}

/** The chat and message id of a {@link mediaPath}, or null for any other path. */
export function parseMediaPath(path: string): { chatId: string; messageId: string } | null {
  const match = /^\/fake-wa\/([^/]+)\/([^/]+)$/.exec(path);
  if (!match?.[1] || !match[2]) return null;
  return { chatId: decodeURIComponent(match[1]), messageId: decodeURIComponent(match[2]) };
}

// --- internal ---

/** WhatsApp Web calls a voice note `ptt`; the other media types keep their names. */
function pageMedia(chatId: string, message: WorldMessage): PageMedia {
  const media = message.media as NonNullable<WorldMessage["media"]>;
  const shown: PageMedia = {
    type: media.type === "voice" ? "ptt" : media.type,
    mimetype: media.mimetype,
    size: mediaBytes(media.data).length,
    directPath: mediaPath(chatId, message.id),
  };
  if (media.filename) shown.filename = media.filename;
  return shown;
}

/** The plain bytes of a world file (seeds may hold them as base64 text). */
export function mediaBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === "string" ? Buffer.from(data, "base64") : data;
}
