/**
 * @module The ids of messages this process sent through the API in the last 10 minutes, so that
 * `WAMessage.source` is `api` for them and `app` for everything else (WAHA keeps them in a NodeCache).
 */

/** How long a sent id counts as "sent by the API". */
export const SENT_ID_TTL_MS = 10 * 60 * 1000;

/** A time-bounded set of message ids. */
export interface SentIds {
  add(id: string): void;
  has(id: string): boolean;
}

/** Makes the set; `now` is injectable for tests. */
export function createSentIds(ttlMs = SENT_ID_TTL_MS, now: () => number = Date.now): SentIds {
  const expiry = new Map<string, number>();
  const prune = (at: number) => {
    // Map keeps insertion order, so the oldest entries come first.
    for (const [id, until] of expiry) {
      if (until > at) break;
      expiry.delete(id);
    }
  };
  return {
    add(id) {
      const at = now();
      prune(at);
      expiry.delete(id);
      expiry.set(id, at + ttlMs);
    },
    has(id) {
      const until = expiry.get(id);
      return until !== undefined && until > now();
    },
  };
}

/** A bounded "seen before" set (oldest forgotten first), for dropping duplicate effects. */
export function createSeenSet(limit = 5000): (key: string) => boolean {
  const seen = new Set<string>();
  return (key) => {
    if (seen.has(key)) return true;
    seen.add(key);
    if (seen.size > limit) {
      const oldest = seen.values().next().value;
      if (oldest !== undefined) seen.delete(oldest);
    }
    return false;
  };
}
