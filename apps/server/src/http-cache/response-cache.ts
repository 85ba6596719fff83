/**
 * @module The per-session response cache of the GET reads: serialized bodies keyed by route and
 * normalized query, bounded by entries and bytes (LRU across sessions), dropped for a session as
 * soon as anything of that session changes. A generation per session makes a body computed
 * while a write happened never stored, so no stale body outlives the write that made it stale.
 */
import { createHash } from "node:crypto";

/** Bounds of the cache. */
export interface ResponseCacheOptions {
  /** Entries across every session. @default 2000 */
  maxEntries: number;
  /** Bytes of bodies across every session. @default 32 MiB */
  maxBytes: number;
  /**
   * An entry's lifetime in ms, a safety net for changes no event announces (a chat picture whose
   * 24 h cache expired is fetched again only when a body is computed). @default 60 000
   */
  maxAgeMs: number;
}

/** The defaults: room for every page a few hundred polling clients ask for. */
export const DEFAULT_RESPONSE_CACHE: ResponseCacheOptions = {
  maxEntries: 2000,
  maxBytes: 32 * 1024 * 1024,
  maxAgeMs: 60_000,
};

/** One stored body with its validator. */
export interface CachedResponse {
  readonly body: Buffer;
  /** A strong ETag over the body's bytes. */
  readonly etag: string;
}

/** Counters for tests and diagnostics. */
export interface ResponseCacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
  stores: number;
  /** Bodies computed but not stored because their session changed meanwhile. */
  discarded: number;
  evictions: number;
}

/** The cache. `enabled: false` stores nothing (every `get` misses, `set` refuses). */
export interface ResponseCache {
  readonly enabled: boolean;
  /** The session's generation: capture it BEFORE reading the store, pass it to `set`. */
  generation(session: string): number;
  get(session: string, key: string): CachedResponse | undefined;
  /**
   * Stores `body` unless the session changed since `generation` was captured or a write to it is
   * in flight; returns the entry, or undefined when it was not stored.
   */
  set(session: string, key: string, generation: number, body: Buffer): CachedResponse | undefined;
  /** Drops every entry of the session and moves its generation on. */
  invalidate(session: string): void;
  /** Marks a write to the session as in flight (nothing is stored until the returned `end`). */
  beginWrite(session: string): () => void;
  stats(): ResponseCacheStats;
}

/** Creates the cache; `enabled: false` gives one that never stores. */
export function createResponseCache(
  options: Partial<ResponseCacheOptions> & { enabled?: boolean } = {},
  now: () => number = Date.now,
): ResponseCache {
  const { maxEntries, maxBytes, maxAgeMs } = { ...DEFAULT_RESPONSE_CACHE, ...options };
  const enabled = options.enabled !== false && maxEntries > 0 && maxBytes > 0;
  // One body may take at most an eighth of the budget, so one huge page cannot flush the rest.
  const maxEntryBytes = Math.floor(maxBytes / 8);
  /** Every entry, least recently used first (a Map iterates in insertion order). */
  const lru = new Map<string, Entry>();
  const sessions = new Map<string, SessionState>();
  // Generations come from one counter, so a session deleted and created again never reuses one.
  let clock = 0;
  let bytes = 0;
  const counters = { hits: 0, misses: 0, stores: 0, discarded: 0, evictions: 0 };

  const stateOf = (session: string): SessionState => {
    let state = sessions.get(session);
    if (!state) {
      state = { generation: ++clock, writes: 0, keys: new Set() };
      sessions.set(session, state);
    }
    return state;
  };

  const remove = (fullKey: string, entry: Entry) => {
    lru.delete(fullKey);
    bytes -= entry.size;
    sessions.get(entry.session)?.keys.delete(fullKey);
  };

  const invalidate = (session: string) => {
    const state = stateOf(session);
    state.generation = ++clock;
    for (const fullKey of state.keys) {
      const entry = lru.get(fullKey);
      if (entry) remove(fullKey, entry);
    }
    state.keys.clear();
  };

  return {
    enabled,
    generation: (session) => stateOf(session).generation,

    get(session, key) {
      const fullKey = `${session}\u0000${key}`;
      const entry = lru.get(fullKey);
      if (!entry || entry.expires <= now()) {
        if (entry) remove(fullKey, entry);
        counters.misses += 1;
        return undefined;
      }
      // Most recently used goes last.
      lru.delete(fullKey);
      lru.set(fullKey, entry);
      counters.hits += 1;
      return entry;
    },

    set(session, key, generation, body) {
      const state = stateOf(session);
      if (!enabled || state.generation !== generation || state.writes > 0) {
        counters.discarded += 1;
        return undefined;
      }
      const fullKey = `${session}\u0000${key}`;
      const size = body.length + fullKey.length * 2;
      if (size > maxEntryBytes) return undefined;
      const previous = lru.get(fullKey);
      if (previous) remove(fullKey, previous);
      const entry: Entry = { session, body, etag: etagOf(body), size, expires: now() + maxAgeMs };
      lru.set(fullKey, entry);
      state.keys.add(fullKey);
      bytes += size;
      counters.stores += 1;
      for (const [oldKey, old] of lru) {
        if (lru.size <= maxEntries && bytes <= maxBytes) break;
        remove(oldKey, old);
        counters.evictions += 1;
      }
      return entry;
    },

    invalidate,

    beginWrite(session) {
      stateOf(session).writes += 1;
      invalidate(session);
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        stateOf(session).writes -= 1;
        invalidate(session);
      };
    },

    stats: () => ({ entries: lru.size, bytes, ...counters }),
  };
}

// --- internal ---

interface Entry extends CachedResponse {
  readonly session: string;
  readonly size: number;
  readonly expires: number;
}

interface SessionState {
  generation: number;
  /** Writes in flight: a body read meanwhile may hold part of one. */
  writes: number;
  /** Full keys of the session's entries, to drop them without scanning the whole cache. */
  keys: Set<string>;
}

function etagOf(body: Buffer): string {
  return `"${createHash("sha1").update(body).digest("base64url")}"`;
}
