/**
 * @module The world as a history sync: what the phone sends a companion linked after the first one
 * (a session deleted and paired again), so it starts from the chats as they are now.
 */
import type { HistorySeed, SeedChat } from "@wa/core";
import type { WorldAccount, WorldChat } from "./types.ts";

/** The account's chats (deleted ones left out), contacts and LID pairs, as a history seed. */
export function worldHistory(account: WorldAccount): HistorySeed {
  const contacts = [...account.contacts.values()];
  return {
    chats: [...account.chats.values()].filter((chat) => !chat.state.deleted).map(seedChat),
    contacts: contacts.map((c) => ({
      id: `${c.phone}@c.us`,
      ...(c.name ? { name: c.name } : {}),
      ...(c.pushName ? { pushName: c.pushName } : {}),
    })),
    lidMappings: contacts.map((c) => ({ lid: `${c.lid}@lid`, pn: `${c.phone}@c.us` })),
  };
}

// --- internal ---

function seedChat(chat: WorldChat): SeedChat {
  return {
    id: chat.id,
    ...(chat.name ? { name: chat.name } : {}),
    archived: chat.state.archived,
    unreadCount: chat.unreadCount,
    messages: chat.messages
      .filter((m) => !m.revoked)
      .map((m) => ({
        id: m.id,
        fromMe: m.fromMe,
        text: m.editedText ?? m.text ?? "",
        timestamp: m.timestamp,
        ...(m.participant ? { participant: m.participant } : {}),
        ...(m.media ? { media: m.media } : {}),
      })),
  };
}
