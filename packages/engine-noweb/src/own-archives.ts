/**
 * @module Archive changes this engine made, waiting for Baileys' echo of them. An archive command
 * stores its change itself (so the HTTP answer comes after the store has it); Baileys then reports
 * the same change again from its own app-state patch, at once or up to ~30 s later (its event
 * buffer). That echo must not be a second `chat.archive`, nor, arriving after a later unarchive,
 * undo it. A change the phone made is no echo and goes through.
 */

/** How long an unanswered expectation is kept (Baileys' safety flush is 30 s). */
const ECHO_TTL_MS = 60_000;

/** The archive changes in flight, per chat. */
export interface OwnArchives {
  /** About to send an archive change (register before sending: the echo may come first). */
  expect(chatId: string, archived: boolean): void;
  /** The change was not sent after all. */
  forget(chatId: string, archived: boolean): void;
  /** True, once, when an archive change of a chat is the echo of one we sent. */
  isEcho(chatId: string, archived: boolean): boolean;
}

/** Creates the registry (one per engine). */
export function createOwnArchives(now: () => number = Date.now): OwnArchives {
  const pending = new Map<string, Array<{ archived: boolean; until: number }>>();
  const take = (chatId: string, archived: boolean): boolean => {
    const list = (pending.get(chatId) ?? []).filter((item) => item.until > now());
    const index = list.findIndex((item) => item.archived === archived);
    if (index >= 0) list.splice(index, 1);
    if (list.length > 0) pending.set(chatId, list);
    else pending.delete(chatId);
    return index >= 0;
  };
  return {
    expect(chatId, archived) {
      const list = pending.get(chatId) ?? [];
      list.push({ archived, until: now() + ECHO_TTL_MS });
      pending.set(chatId, list);
    },
    forget: (chatId, archived) => void take(chatId, archived),
    isEcho: take,
  };
}
