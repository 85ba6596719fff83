/** @module The `history.batch` events the memory phone syncs after pairing, built from a world snapshot. */
import type { HistoryBatchEvent } from "@wa/core";
import { toChat, toStoredMessage } from "./messages.ts";
import type { WorldSnapshot } from "./world-state.ts";

/**
 * The snapshot as history batches of at most `batchSize` messages, oldest chat order kept. The first
 * batch carries every chat, contact and LID pair (so messages never precede their chat); `progress`
 * rises to 100 and the last batch is `isLatest`. An empty snapshot still yields one batch.
 */
export function toHistoryBatches(snapshot: WorldSnapshot, batchSize: number): HistoryBatchEvent[] {
  const messages = snapshot.chats.flatMap((chat) => chat.messages.map(toStoredMessage));
  const size = Math.max(1, Math.floor(batchSize));
  const count = Math.max(1, Math.ceil(messages.length / size));
  return Array.from({ length: count }, (_, index): HistoryBatchEvent => {
    const first = index === 0;
    const end = Math.min(messages.length, (index + 1) * size);
    return {
      type: "history.batch",
      chats: first ? snapshot.chats.map(toChat) : [],
      messages: messages.slice(index * size, end),
      contacts: first
        ? snapshot.contacts.map((contact) => ({ ...contact, raw: { ...contact } }))
        : [],
      lidMappings: first ? snapshot.lidMappings.map((pair) => ({ ...pair })) : [],
      progress: messages.length === 0 ? 100 : Math.round((100 * end) / messages.length),
      isLatest: index === count - 1,
    };
  });
}
