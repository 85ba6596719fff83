import { type CapabilityKey, createEngineRuntime, silentLogger, type WaEngine } from "@wa/core";
import { describe, expect, it } from "vitest";
import { createPictureCache } from "./pictures.ts";

function fakeRuntime(fetch: (chatId: string) => Promise<string | null>, supported = true) {
  const capabilities = Object.fromEntries(
    ["chats.picture"].map((key) => [key, supported]),
  ) as unknown as Record<CapabilityKey, boolean>;
  const engine = {
    info: { name: "fake", library: "none" },
    capabilities,
    ...(supported ? { getProfilePicture: fetch } : {}),
  } as unknown as WaEngine;
  return createEngineRuntime(engine);
}

describe("picture cache", () => {
  it("caches for the TTL, refetches on refresh or expiry", async () => {
    let now = 0;
    let calls = 0;
    const runtime = fakeRuntime(async () => `url-${++calls}`);
    const cache = createPictureCache(silentLogger, 1000, () => now);
    expect(await cache.get("s", "1@c.us", runtime)).toBe("url-1");
    expect(await cache.get("s", "1@c.us", runtime)).toBe("url-1");
    expect(await cache.get("s", "1@c.us", runtime, true)).toBe("url-2");
    now = 2000;
    expect(await cache.get("s", "1@c.us", runtime)).toBe("url-3");
    expect(await cache.get("other", "1@c.us", runtime)).toBe("url-4");
  });

  it("caches fetch errors as null and never fetches broadcasts", async () => {
    let calls = 0;
    const runtime = fakeRuntime(async () => {
      calls += 1;
      throw new Error("rate-overlimit");
    });
    const cache = createPictureCache(silentLogger);
    expect(await cache.get("s", "1@c.us", runtime)).toBeNull();
    expect(await cache.get("s", "1@c.us", runtime)).toBeNull();
    expect(await cache.get("s", "status@broadcast", runtime)).toBeNull();
    expect(calls).toBe(1);
  });

  it("get needs the capability; soft answers null without it", async () => {
    const runtime = fakeRuntime(async () => "x", false);
    const cache = createPictureCache(silentLogger);
    await expect(cache.get("s", "1@c.us", runtime)).rejects.toMatchObject({
      code: "WA_ENGINE_UNSUPPORTED",
    });
    expect(await cache.soft("s", "1@c.us", runtime)).toBeNull();
  });

  it("softCached answers what soft would without a fetch, and undefined where soft fetches", async () => {
    let now = 0;
    let calls = 0;
    const runtime = fakeRuntime(async () => `url-${++calls}`);
    const cache = createPictureCache(silentLogger, 1000, () => now);
    expect(cache.softCached("s", "1@c.us", runtime)).toBeUndefined();
    expect(await cache.soft("s", "1@c.us", runtime)).toBe("url-1");
    expect(cache.softCached("s", "1@c.us", runtime)).toBe("url-1");
    expect(cache.softCached("s", "status@broadcast", runtime)).toBeNull();
    expect(
      cache.softCached(
        "s",
        "1@c.us",
        fakeRuntime(async () => "x", false),
      ),
    ).toBeNull();
    now = 2000;
    expect(cache.softCached("s", "1@c.us", runtime)).toBeUndefined();
    expect(calls).toBe(1);
  });

  it("clear forgets one session", async () => {
    let calls = 0;
    const runtime = fakeRuntime(async () => `url-${++calls}`);
    const cache = createPictureCache(silentLogger);
    await cache.get("s", "1@c.us", runtime);
    cache.clear("s");
    expect(await cache.get("s", "1@c.us", runtime)).toBe("url-2");
  });

  it("onChange fires for a picture fetched again with another URL and for clear only", async () => {
    let url = "a";
    const runtime = fakeRuntime(async () => url);
    const cache = createPictureCache(silentLogger);
    const changes: string[] = [];
    const unsubscribe = cache.onChange((session) => changes.push(session));
    await cache.get("s", "1@c.us", runtime);
    await cache.get("s", "1@c.us", runtime, true);
    expect(changes).toEqual([]);
    url = "b";
    await cache.get("s", "1@c.us", runtime, true);
    cache.clear("t");
    expect(changes).toEqual(["s", "t"]);
    unsubscribe();
    cache.clear("s");
    expect(changes).toEqual(["s", "t"]);
  });
});
