/** @module The world's model in the shapes the fake WhatsApp Web page shows (chats, messages, contacts). */
import { newestTimestamp, syncedAck } from "../world/ops.ts";
import type { WorldAccount, WorldChat, WorldMessage } from "../world/types.ts";
import type { PageChat, PageContact, PageMessage, PageSnapshot } from "./protocol.ts";

/** A world message as the page shows it. */
export function pageMessage(message: WorldMessage): PageMessage {
  const shown: PageMessage = {
    id: message.id,
    fromMe: message.fromMe,
    body: message.revoked ? "" : (message.editedText ?? message.text ?? ""),
    timestamp: message.timestamp,
    ack: syncedAck(message),
  };
  if (message.participant) shown.participant = message.participant;
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
  return { ...pageChatHeader(account, chat), messages: sorted.slice(-count).map(pageMessage) };
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
  return sorted.slice(Math.max(0, end - count), end).map(pageMessage);
}
