/** @module An in-memory `AuthStateStore`, for tests and the recording context. */
import type { AuthStateStore } from "@wa/core";

/** An `AuthStateStore` over a Map, with a `snapshot()` for assertions. */
export interface MemoryAuthStateStore extends AuthStateStore {
  /** A copy of every stored key and value. */
  snapshot(): Map<string, string>;
}

/** Creates an empty in-memory auth-state store. */
export function createMemoryAuthStateStore(): MemoryAuthStateStore {
  const values = new Map<string, string>();
  return {
    get: async (key) => values.get(key) ?? null,
    async getMany(keys) {
      const found = new Map<string, string>();
      for (const key of keys) {
        const value = values.get(key);
        if (value !== undefined) found.set(key, value);
      }
      return found;
    },
    async setMany(entries) {
      for (const [key, value] of entries) {
        if (value === null) values.delete(key);
        else values.set(key, value);
      }
    },
    clear: async () => values.clear(),
    snapshot: () => new Map(values),
  };
}
