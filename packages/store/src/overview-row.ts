/** @module The overview row of one chat from its members' rows: the same rule in every store. */
import {
  type Chat,
  type ChatId,
  type Contact,
  compareMessages,
  type StoredMessage,
} from "@wa/core";
import type { OverviewRow } from "./types.ts";

/**
 * The row of `chat`, whose `members` are its ids (PN and LID when merged): the first member's
 * contact that exists, and the newest of the members' newest messages.
 */
export function overviewRowOf(
  chat: Chat,
  members: readonly ChatId[],
  contactOf: (id: ChatId) => Contact | null,
  newestOf: (id: ChatId) => StoredMessage | null,
): OverviewRow {
  let contact: Contact | null = null;
  for (const id of members) {
    contact = contactOf(id);
    if (contact) break;
  }
  let lastMessage: StoredMessage | null = null;
  for (const id of members) {
    const candidate = newestOf(id);
    // Strictly newer only: on a tie the earlier member wins, as in newestDisplayable.
    if (candidate && (!lastMessage || compareMessages(candidate, lastMessage, "desc") < 0)) {
      lastMessage = candidate;
    }
  }
  return { chat, lastMessage, contact };
}
