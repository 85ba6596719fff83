/** @module The `history.batch` the memory phone syncs after pairing, built from a world snapshot. */
import type { HistoryBatchEvent } from "@wa/core";
import { toChat, toStoredMessage } from "./messages.ts";
import type { WorldSnapshot } from "./world-state.ts";

/** The whole snapshot as one final history batch: chats, their messages oldest first, contacts, LID pairs. */
export function toHistoryBatch(snapshot: WorldSnapshot): HistoryBatchEvent {
  return {
    type: "history.batch",
    chats: snapshot.chats.map(toChat),
    messages: snapshot.chats.flatMap((chat) => chat.messages.map(toStoredMessage)),
    contacts: snapshot.contacts.map((contact) => ({ ...contact, raw: { ...contact } })),
    lidMappings: snapshot.lidMappings.map((pair) => ({ ...pair })),
    progress: 100,
    isLatest: true,
  };
}
