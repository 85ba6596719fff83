/**
 * @module The per-session response cache of the GET reads: serialized bodies keyed by route and
 * normalized query, bounded by entries and bytes (LRU across sessions). A body depends either on
 * the whole session (chat lists, the overview, `all` pages) or on one chat only (that chat's
 * messages): a write that touches some chats drops the session-wide bodies and those chats'
 * bodies and leaves the other chats' bodies cached, so a live inbox keeps most reads cached. A
 * generation per session and per chat makes a body computed while a write happened never stored,
 * so no stale body outlives the write that made it stale.
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
  /**
   * The generation of the session's bodies (with `chat`: of that chat's bodies): capture it
   * BEFORE reading the store, pass it to `set` with the same `chat`.
   */
  generation(session: string, chat?: string): number;
  get(session: string, key: string): CachedResponse | undefined;
  /**
   * Stores `body` unless what it depends on (the session, or with `chat` that chat only) changed
   * since `generation` was captured or a write to it is in flight; returns the entry, or
   * undefined when it was not stored.
   */
  set(
    session: string,
    key: string,
    generation: number,
    body: Buffer,
    chat?: string,
  ): CachedResponse | undefined;
  /** Drops every entry of the session (its chats' too) and moves its generations on. */
  invalidate(session: string): void;
  /**
   * Marks a write to the session as in flight: nothing it may change is stored until the
   * returned `end`, which drops those entries again. With `chats`, the write changes these chats
   * only: the session-wide entries and these chats' entries go, other chats' entries stay.
   */
  beginWrite(session: string, chats?: readonly string[]): () => void;
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
  // Generations come from one counter, so a scope dropped and made again never reuses one.
  let clock = 0;
  let bytes = 0;
  const counters = { hits: 0, misses: 0, stores: 0, discarded: 0, evictions: 0 };

  const stateOf = (session: string): SessionState => {
    let state = sessions.get(session);
    if (!state) {
      state = { generation: ++clock, writes: 0, chatWrites: 0, keys: new Set(), chats: new Map() };
      sessions.set(session, state);
    }
    return state;
  };

  const chatStateOf = (state: SessionState, chat: string): ScopeState => {
    let scope = state.chats.get(chat);
    if (!scope) {
      scope = { generation: ++clock, writes: 0, keys: new Set() };
      state.chats.set(chat, scope);
    }
    return scope;
  };

  const remove = (fullKey: string, entry: Entry) => {
    lru.delete(fullKey);
    bytes -= entry.size;
    const state = sessions.get(entry.session);
    const scope = entry.chat === undefined ? state : state?.chats.get(entry.chat);
    scope?.keys.delete(fullKey);
  };

  /** Drops a scope's entries and moves its generation on. */
  const drop = (scope: ScopeState) => {
    scope.generation = ++clock;
    for (const fullKey of scope.keys) {
      const entry = lru.get(fullKey);
      if (entry) remove(fullKey, entry);
    }
    scope.keys.clear();
  };

  const invalidate = (session: string) => {
    const state = stateOf(session);
    drop(state);
    for (const [chat, scope] of state.chats) {
      drop(scope);
      // A chat with nothing cached and no write in flight is forgotten: made again, it gets a
      // new generation, which no body read before can hold.
      if (scope.writes === 0) state.chats.delete(chat);
    }
  };

  /** A write to these chats: the session-wide entries and theirs go. */
  const invalidateChats = (session: string, chats: readonly string[]) => {
    const state = stateOf(session);
    drop(state);
    for (const chat of chats) drop(chatStateOf(state, chat));
  };

  return {
    enabled,
    generation(session, chat) {
      const state = stateOf(session);
      return chat === undefined ? state.generation : chatStateOf(state, chat).generation;
    },
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
    set(session, key, generation, body, chat) {
      const state = stateOf(session);
      const scope = chat === undefined ? state : chatStateOf(state, chat);
      // A session-wide body depends on every chat: a write to any of them keeps it out.
      const writing =
        state.writes > 0 || scope.writes > 0 || (chat === undefined && state.chatWrites > 0);
      if (!enabled || scope.generation !== generation || writing) {
        counters.discarded += 1;
        return undefined;
      }
      const fullKey = `${session}\u0000${key}`;
      const size = body.length + fullKey.length * 2;
      if (size > maxEntryBytes) return undefined;
      const previous = lru.get(fullKey);
      if (previous) remove(fullKey, previous);
      const expires = now() + maxAgeMs;
      const entry: Entry = { session, chat, body, etag: etagOf(body), size, expires };
      lru.set(fullKey, entry);
      scope.keys.add(fullKey);
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
    beginWrite(session, chats) {
      const state = stateOf(session);
      if (chats === undefined) state.writes += 1;
      else {
        state.chatWrites += 1;
        for (const chat of chats) chatStateOf(state, chat).writes += 1;
      }
      const changed = () =>
        chats === undefined ? invalidate(session) : invalidateChats(session, chats);
      changed();
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        if (chats === undefined) state.writes -= 1;
        else {
          state.chatWrites -= 1;
          // A chat with a write in flight is never forgotten, so this is the state counted up.
          for (const chat of chats) chatStateOf(state, chat).writes -= 1;
        }
        changed();
      };
    },
    stats: () => ({ entries: lru.size, bytes, ...counters }),
  };
}

// --- internal ---

interface Entry extends CachedResponse {
  readonly session: string;
  /** The one chat the body depends on; undefined: the whole session. */
  readonly chat: string | undefined;
  readonly size: number;
  readonly expires: number;
}

/** The entries of one scope (the session-wide ones, or one chat's) and their guards. */
interface ScopeState {
  generation: number;
  /** Writes in flight to the scope: a body read meanwhile may hold part of one. */
  writes: number;
  /** Full keys of the scope's entries, to drop them without scanning the whole cache. */
  keys: Set<string>;
}

interface SessionState extends ScopeState {
  /** Writes in flight that touch some chats only (`writes` counts whole-session writes). */
  chatWrites: number;
  chats: Map<string, ScopeState>;
}

function etagOf(body: Buffer): string {
  return `"${createHash("sha1").update(body).digest("base64url")}"`;
}
