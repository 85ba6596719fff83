/**
 * @module Chat pictures with WAHA's per-session 24 h cache (waha-compat §2.2 #5): fetch errors
 * are logged and cached as null, broadcasts have none, and the overview never fails because of one.
 */
import { type ChatId, type EngineLogger, type EngineRuntime, jidServer } from "@wa/core";

/** WAHA's cache lifetime. */
export const PICTURE_TTL_MS = 24 * 60 * 60 * 1000;

/** The picture cache of every session. */
export interface PictureCache {
  /** The picture URL; throws `WA_ENGINE_UNSUPPORTED` without `chats.picture`. */
  get(
    session: string,
    chatId: ChatId,
    runtime: EngineRuntime,
    refresh?: boolean,
  ): Promise<string | null>;
  /** Like get, but null instead of any error (the overview). */
  soft(session: string, chatId: ChatId, runtime: EngineRuntime): Promise<string | null>;
  /**
   * What `soft` answers when it needs no fetch (no capability, a chat without pictures, a fresh
   * entry), at once; undefined when `soft` would fetch.
   */
  softCached(session: string, chatId: ChatId, runtime: EngineRuntime): string | null | undefined;
  /** Forgets a session's pictures (logout, delete). */
  clear(session: string): void;
  /**
   * Forgets a session's pictures without telling the listeners: another instance changed them
   * and told every instance already (see cluster/peer-changes.ts).
   */
  forget(session: string): void;
  /**
   * Calls `listener(session)` whenever a picture a cached overview may embed reads differently:
   * an entry fetched again with another URL, or `clear`. A first fetch is no change: no body
   * can hold a picture the cache never had. Returns the unsubscribe.
   */
  onChange(listener: (session: string) => void): () => void;
}

/** Creates the cache; `now` is injectable for tests. */
export function createPictureCache(
  logger: EngineLogger,
  ttlMs = PICTURE_TTL_MS,
  now: () => number = Date.now,
): PictureCache {
  const entries = new Map<string, { url: string | null; expires: number }>();
  const keyOf = (session: string, chatId: ChatId) => `${session}\u0000${chatId}`;
  const listeners = new Set<(session: string) => void>();
  const changed = (session: string) => {
    for (const listener of listeners) listener(session);
  };

  const cache: PictureCache = {
    async get(session, chatId, runtime, refresh = false) {
      runtime.require("chats.picture");
      if (hasNoPicture(chatId)) return null;
      const key = keyOf(session, chatId);
      const hit = entries.get(key);
      if (hit && !refresh && hit.expires > now()) return hit.url;
      const url = await fetchPicture(runtime, chatId).catch((error: unknown) => {
        logger.warn({ err: error, session, chatId }, "profile picture fetch failed");
        return null;
      });
      entries.set(key, { url, expires: now() + ttlMs });
      if (hit && hit.url !== url) changed(session);
      return url;
    },
    async soft(session, chatId, runtime) {
      if (!runtime.supports("chats.picture")) return null;
      return cache.get(session, chatId, runtime).catch(() => null);
    },
    softCached(session, chatId, runtime) {
      if (!runtime.supports("chats.picture") || hasNoPicture(chatId)) return null;
      const hit = entries.get(keyOf(session, chatId));
      return hit && hit.expires > now() ? hit.url : undefined;
    },
    clear(session) {
      cache.forget(session);
      changed(session);
    },
    forget(session) {
      for (const key of entries.keys()) if (key.startsWith(`${session}\u0000`)) entries.delete(key);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
  return cache;
}

// --- internal ---

function hasNoPicture(chatId: ChatId): boolean {
  return jidServer(chatId) === "broadcast" || chatId.startsWith("0@");
}

function fetchPicture(runtime: EngineRuntime, chatId: ChatId): Promise<string | null> {
  return runtime.call("chats.picture", async (engine) => {
    const url = await engine.getProfilePicture?.(chatId);
    return url ?? null;
  });
}
