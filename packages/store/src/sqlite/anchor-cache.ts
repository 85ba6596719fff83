/**
 * @module Offset anchors for deep message pages. SQLite's OFFSET walks every skipped index entry;
 * remembering the sort key found at an offset lets the next query at or after that offset seek
 * to it and walk only the difference. Only sort keys are kept, never answers: every page is still
 * read from the database, and any write to a chat drops the anchors that involve it.
 */

/** The sort key of the message found at an offset. */
export interface Anchor {
  offset: number;
  timestamp: number;
  id: string;
}

interface Entry {
  session: string;
  /** The chats of the query; empty for `all`. */
  chats: readonly string[];
  anchors: Map<number, Anchor>;
}

/** A bounded anchor cache keyed by (session, chats, filter, order) signature. */
export interface AnchorCache {
  /** The nearest anchor at or before `offset`, or undefined. */
  nearest(signature: string, offset: number): Anchor | undefined;
  /** Remembers the sort keys found at offsets of a query. */
  remember(signature: string, session: string, chats: readonly string[], anchors: Anchor[]): void;
  /** Drops every anchor of queries over this chat (and over `all`) of the session. */
  invalidate(session: string, chatIds: Iterable<string>): void;
  /** Drops every anchor of a session. */
  invalidateSession(session: string): void;
}

const MAX_SIGNATURES = 512;
const MAX_ANCHORS_PER_SIGNATURE = 64;

export function createAnchorCache(): AnchorCache {
  const entries = new Map<string, Entry>();
  return {
    nearest(signature, offset) {
      const entry = entries.get(signature);
      if (!entry) return undefined;
      let best: Anchor | undefined;
      for (const anchor of entry.anchors.values()) {
        if (anchor.offset <= offset && (!best || anchor.offset > best.offset)) best = anchor;
      }
      return best;
    },
    remember(signature, session, chats, anchors) {
      let entry = entries.get(signature);
      if (!entry) {
        if (entries.size >= MAX_SIGNATURES) {
          const oldest = entries.keys().next().value;
          if (oldest !== undefined) entries.delete(oldest);
        }
        entry = { session, chats, anchors: new Map() };
        entries.set(signature, entry);
      }
      for (const anchor of anchors) {
        if (entry.anchors.size >= MAX_ANCHORS_PER_SIGNATURE && !entry.anchors.has(anchor.offset)) {
          const oldest = entry.anchors.keys().next().value;
          if (oldest !== undefined) entry.anchors.delete(oldest);
        }
        entry.anchors.set(anchor.offset, anchor);
      }
    },
    invalidate(session, chatIds) {
      const changed = new Set(chatIds);
      if (changed.size === 0) return;
      for (const [signature, entry] of entries) {
        if (entry.session !== session) continue;
        if (entry.chats.length === 0 || entry.chats.some((chat) => changed.has(chat))) {
          entries.delete(signature);
        }
      }
    },
    invalidateSession(session) {
      for (const [signature, entry] of entries) {
        if (entry.session === session) entries.delete(signature);
      }
    },
  };
}
