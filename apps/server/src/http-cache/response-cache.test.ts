import { describe, expect, it } from "vitest";
import { createResponseCache } from "./response-cache.ts";

const body = (text: string) => Buffer.from(text);

describe("response cache", () => {
  it("stores and returns bodies per session and key, with a strong ETag over the bytes", () => {
    const cache = createResponseCache();
    const stored = cache.set("s", "k", cache.generation("s"), body("[1]"));
    expect(stored?.body.toString()).toBe("[1]");
    expect(stored?.etag).toMatch(/^"[\w-]+"$/);
    expect(cache.get("s", "k")).toBe(stored);
    expect(cache.get("other", "k")).toBeUndefined();
    expect(cache.get("s", "other")).toBeUndefined();
    const other = cache.set("s", "k2", cache.generation("s"), body("[2]"));
    expect(other?.etag).not.toBe(stored?.etag);
    expect(cache.stats()).toMatchObject({ entries: 2, hits: 1, misses: 2, stores: 2 });
  });

  it("invalidate drops one session's entries only and moves its generation on", () => {
    const cache = createResponseCache();
    cache.set("a", "k", cache.generation("a"), body("a"));
    cache.set("b", "k", cache.generation("b"), body("b"));
    const before = cache.generation("a");
    cache.invalidate("a");
    expect(cache.generation("a")).not.toBe(before);
    expect(cache.get("a", "k")).toBeUndefined();
    expect(cache.get("b", "k")?.body.toString()).toBe("b");
    expect(cache.stats().entries).toBe(1);
  });

  it("refuses a body whose session changed after its generation was captured", () => {
    const cache = createResponseCache();
    const generation = cache.generation("s");
    cache.invalidate("s");
    expect(cache.set("s", "k", generation, body("stale"))).toBeUndefined();
    expect(cache.get("s", "k")).toBeUndefined();
    expect(cache.stats().discarded).toBe(1);
    // Another session's change does not matter.
    const fresh = cache.generation("s");
    cache.invalidate("t");
    expect(cache.set("s", "k", fresh, body("fresh"))).toBeDefined();
  });

  it("stores nothing while a write is in flight, and drops everything when it ends", () => {
    const cache = createResponseCache();
    cache.set("s", "old", cache.generation("s"), body("old"));
    const end = cache.beginWrite("s");
    expect(cache.get("s", "old")).toBeUndefined();
    expect(cache.set("s", "k", cache.generation("s"), body("partial"))).toBeUndefined();
    const during = cache.generation("s");
    end();
    end(); // idempotent
    expect(cache.set("s", "k", during, body("partial"))).toBeUndefined();
    expect(cache.set("s", "k", cache.generation("s"), body("done"))).toBeDefined();
  });

  it("evicts the least recently used entry beyond maxEntries, across sessions", () => {
    const cache = createResponseCache({ maxEntries: 2 });
    cache.set("a", "1", cache.generation("a"), body("1"));
    cache.set("b", "2", cache.generation("b"), body("2"));
    cache.get("a", "1"); // now "b/2" is the least recently used
    cache.set("a", "3", cache.generation("a"), body("3"));
    expect(cache.get("b", "2")).toBeUndefined();
    expect(cache.get("a", "1")).toBeDefined();
    expect(cache.get("a", "3")).toBeDefined();
    expect(cache.stats()).toMatchObject({ entries: 2, evictions: 1 });
    // An evicted key is forgotten by its session too.
    cache.invalidate("b");
    expect(cache.stats().entries).toBe(2);
  });

  it("keeps the bytes within maxBytes and never stores a body over an eighth of it", () => {
    const cache = createResponseCache({ maxBytes: 8000 });
    expect(cache.set("s", "huge", cache.generation("s"), Buffer.alloc(1001))).toBeUndefined();
    for (let i = 0; i < 20; i++) cache.set("s", `k${i}`, cache.generation("s"), Buffer.alloc(900));
    const { bytes, entries } = cache.stats();
    expect(bytes).toBeLessThanOrEqual(8000);
    expect(entries).toBeGreaterThanOrEqual(7);
    expect(cache.get("s", "k19")).toBeDefined();
    expect(cache.get("s", "k0")).toBeUndefined();
  });

  it("replacing a key counts its bytes once", () => {
    const cache = createResponseCache();
    cache.set("s", "k", cache.generation("s"), Buffer.alloc(100));
    const once = cache.stats().bytes;
    cache.set("s", "k", cache.generation("s"), Buffer.alloc(100));
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: once });
    cache.invalidate("s");
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it("forgets entries older than maxAgeMs", () => {
    let now = 0;
    const cache = createResponseCache({ maxAgeMs: 1000 }, () => now);
    cache.set("s", "k", cache.generation("s"), body("x"));
    now = 999;
    expect(cache.get("s", "k")).toBeDefined();
    now = 1000;
    expect(cache.get("s", "k")).toBeUndefined();
    expect(cache.stats().entries).toBe(0);
  });

  it("disabled, stores nothing", () => {
    const cache = createResponseCache({ enabled: false });
    expect(cache.enabled).toBe(false);
    expect(cache.set("s", "k", cache.generation("s"), body("x"))).toBeUndefined();
    expect(cache.get("s", "k")).toBeUndefined();
  });

  describe("per chat", () => {
    const A = "a@c.us";
    const B = "b@c.us";
    const prime = (cache: ReturnType<typeof createResponseCache>) => {
      cache.set("s", "list", cache.generation("s"), body("list"));
      cache.set("s", "msgsA", cache.generation("s", A), body("a"), A);
      cache.set("s", "msgsB", cache.generation("s", B), body("b"), B);
    };

    it("a write to one chat drops the session-wide entries and that chat's, not another chat's", () => {
      const cache = createResponseCache();
      prime(cache);
      cache.beginWrite("s", [A])();
      expect(cache.get("s", "list")).toBeUndefined();
      expect(cache.get("s", "msgsA")).toBeUndefined();
      expect(cache.get("s", "msgsB")?.body.toString()).toBe("b");
      expect(cache.stats().entries).toBe(1);
    });

    it("a whole-session write or invalidate drops every chat's entries", () => {
      const cache = createResponseCache();
      prime(cache);
      cache.beginWrite("s")();
      expect(cache.stats().entries).toBe(0);
      prime(cache);
      cache.invalidate("s");
      expect(cache.stats().entries).toBe(0);
      expect(cache.get("s", "msgsB")).toBeUndefined();
    });

    it("refuses a chat's body when that chat changed after the capture, not when another did", () => {
      const cache = createResponseCache();
      const [a, b] = [cache.generation("s", A), cache.generation("s", B)];
      const list = cache.generation("s");
      cache.beginWrite("s", [A])();
      expect(cache.set("s", "msgsA", a, body("stale"), A)).toBeUndefined();
      expect(cache.set("s", "list", list, body("stale"))).toBeUndefined();
      expect(cache.set("s", "msgsB", b, body("b"), B)).toBeDefined();
      // A whole-session change moves every chat's generation on.
      const later = cache.generation("s", B);
      cache.invalidate("s");
      expect(cache.set("s", "msgsB2", later, body("stale"), B)).toBeUndefined();
    });

    it("while a chat write is in flight, stores neither its bodies nor session-wide ones", () => {
      const cache = createResponseCache();
      const end = cache.beginWrite("s", [A]);
      expect(cache.set("s", "msgsA", cache.generation("s", A), body("partial"), A)).toBeUndefined();
      expect(cache.set("s", "list", cache.generation("s"), body("partial"))).toBeUndefined();
      expect(cache.set("s", "msgsB", cache.generation("s", B), body("b"), B)).toBeDefined();
      // An invalidate meanwhile does not lose track of the write in flight.
      cache.invalidate("s");
      expect(cache.set("s", "msgsA", cache.generation("s", A), body("partial"), A)).toBeUndefined();
      end();
      expect(cache.set("s", "msgsA", cache.generation("s", A), body("a"), A)).toBeDefined();
      expect(cache.set("s", "list", cache.generation("s"), body("list"))).toBeDefined();
    });

    it("a whole-session write in flight keeps every chat's bodies out", () => {
      const cache = createResponseCache();
      const end = cache.beginWrite("s");
      expect(cache.set("s", "msgsB", cache.generation("s", B), body("b"), B)).toBeUndefined();
      end();
      expect(cache.set("s", "msgsB", cache.generation("s", B), body("b"), B)).toBeDefined();
    });

    it("evicting a chat's entry forgets it in its chat", () => {
      const cache = createResponseCache({ maxEntries: 1 });
      cache.set("s", "msgsA", cache.generation("s", A), body("a"), A);
      cache.set("s", "msgsB", cache.generation("s", B), body("b"), B);
      expect(cache.stats()).toMatchObject({ entries: 1, evictions: 1 });
      cache.beginWrite("s", [B])();
      expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
    });
  });
});
