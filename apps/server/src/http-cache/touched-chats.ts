/**
 * @module Which chats a store write can change, so the response cache drops those chats' bodies
 * and keeps the others' (see response-cache.ts). Every answer errs on the safe side: `undefined`
 * means "anything of the session" and drops all of its bodies.
 */
import { type DomainEvent, isLidChat } from "@wa/core";

/**
 * Beyond this many chats a write drops the whole session: a history batch touching thousands of
 * chats is cheaper to forget at once than chat by chat.
 */
const MAX_TRACKED_CHATS = 256;

/**
 * The chats whose stored data `events` can change, or `undefined` when they may change more
 * than some chats' own data: a LID mapping (which merges chats), an event of a LID chat (its
 * messages show in its phone-number chat's merged pages), or an event type this does not know.
 * Contacts and session status change no chat's messages: such events touch no chat, though the
 * session-wide bodies (lists, the overview) still go with every write.
 */
export function chatsTouchedBy(events: readonly DomainEvent[]): string[] | undefined {
  const chats = new Set<string>();
  for (const event of events) {
    const ids = chatIdsOf(event);
    if (ids === undefined) return undefined;
    for (const id of ids) {
      if (isLidChat(id)) return undefined;
      chats.add(id);
    }
    if (chats.size > MAX_TRACKED_CHATS) return undefined;
  }
  return [...chats];
}

/**
 * The ids whose overview item `events` can change: the chats `chatsTouchedBy` names (LID chats
 * too: the overview model resolves them to their merged item) and contacts (their names show);
 * or `undefined` for LID mappings (a LID mapped anew leaves the item it merged into before, which
 * no id names), an event type this does not know and writes of very many ids.
 */
export function overviewIdsTouchedBy(events: readonly DomainEvent[]): string[] | undefined {
  const ids = new Set<string>();
  for (const event of events) {
    const touched = overviewIdsOf(event);
    if (touched === undefined) return undefined;
    for (const id of touched) ids.add(id);
    if (ids.size > MAX_TRACKED_CHATS) return undefined;
  }
  return [...ids];
}

// --- internal ---

function overviewIdsOf(event: DomainEvent): readonly string[] | undefined {
  switch (event.type) {
    case "history.batch":
      if (event.lidMappings.length > 0) return undefined;
      return [
        ...event.chats.map((chat) => chat.id),
        ...event.messages.map((message) => message.key.chatId),
        ...event.contacts.map((contact) => contact.id),
      ];
    case "contact.upsert":
      return event.contacts.map((contact) => contact.id);
    default:
      return chatIdsOf(event);
  }
}

function chatIdsOf(event: DomainEvent): readonly string[] | undefined {
  switch (event.type) {
    case "history.batch":
      if (event.lidMappings.length > 0) return undefined;
      return [
        ...event.chats.map((chat) => chat.id),
        ...event.messages.map((message) => message.key.chatId),
      ];
    case "chat.upsert":
      return event.chats.map((chat) => chat.id);
    case "chat.update":
      return event.patches.map((patch) => patch.id);
    case "chat.archive":
    case "chat.unread":
    case "chat.delete":
    case "chat.clear":
      return [event.chatId];
    case "message.upsert":
      return event.messages.map((message) => message.key.chatId);
    case "message.ack":
    case "message.edit":
    case "message.revoke":
      return [event.key.chatId];
    case "message.reaction":
      return [event.target.chatId];
    case "message.delete":
      return event.keys.map((key) => key.chatId);
    case "contact.upsert":
    case "session.status":
      return [];
    default:
      return undefined;
  }
}
