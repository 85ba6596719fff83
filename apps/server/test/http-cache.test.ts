/** @module The GET response cache through `inject()`: same bytes, never stale after a write, bounded, bypassable. */
import type { Store } from "@wa/store";
import { afterEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp, waitUntil } from "./helpers.ts";

const ALICE = "11111111111@c.us";
const GROUP = "123456789-987654321@g.us";
const A1 = `true_${ALICE}_A1`;
const A3 = `false_${ALICE}_A3`;
const MESSAGES = `/api/default/chats/${ALICE}/messages`;
/** Every cached read, with a query where the route takes one. */
const READS = [
  "/api/default/chats",
  "/api/default/chats?sortBy=id&limit=1",
  "/api/default/chats/overview?limit=20",
  MESSAGES,
  `${MESSAGES}?limit=2&sortOrder=asc`,
  `/api/default/chats/all/messages?limit=100`,
  `${MESSAGES}/${A1}`,
  `${MESSAGES}/${A3}`,
  `${MESSAGES}/${A1}/reactions`,
];
const NO_CACHE = { "cache-control": "no-cache" };

describe("response cache", () => {
  let t: TestApp;
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: "GET", url, headers: { ...t.headers, ...headers } });
  const send = (method: "POST" | "PUT" | "DELETE", url: string, payload?: object) =>
    t.app.inject({ method, url, headers: t.headers, ...(payload ? { payload } : {}) });
  /** Asks every read twice (the second answer comes from the cache); returns the bodies. */
  const primeAll = async () => {
    const bodies: string[] = [];
    for (const url of READS) {
      await get(url);
      const cached = await get(url);
      expect(cached.headers.etag, url).toBeDefined();
      bodies.push(cached.body);
    }
    return bodies;
  };
  /** Every read answers what a fresh computation does; returns the bodies. */
  const expectFresh = async () => {
    const bodies: string[] = [];
    for (const url of READS) {
      const [cached, fresh] = [await get(url), await get(url, NO_CACHE)];
      expect(cached.statusCode, url).toBe(fresh.statusCode);
      expect(cached.body, url).toBe(fresh.body);
      bodies.push(cached.body);
    }
    return bodies;
  };

  afterEach(() => t.close());

  it("answers the same bytes from the cache as computed, with an ETag and 304", async () => {
    t = await createTestApp();
    for (const url of READS) {
      const first = await get(url);
      const second = await get(url);
      const fresh = await get(url, NO_CACHE);
      expect(first.statusCode, url).toBe(200);
      expect(second.rawPayload.equals(first.rawPayload), url).toBe(true);
      expect(fresh.rawPayload.equals(first.rawPayload), url).toBe(true);
      expect(second.headers["content-type"]).toBe(fresh.headers["content-type"]);
      const etag = String(second.headers.etag);
      const revalidated = await get(url, { "if-none-match": etag });
      expect(revalidated.statusCode, url).toBe(304);
      expect(revalidated.body).toBe("");
      expect((await get(url, { "if-none-match": '"other"' })).statusCode).toBe(200);
    }
    // A cached answer still needs the key.
    for (const url of READS) {
      const anonymous = await t.app.inject({ method: "GET", url });
      expect(anonymous.statusCode, url).toBe(401);
    }
    const stats = t.app.ctx.responses.stats();
    expect(stats.entries).toBe(READS.length);
    expect(stats.hits).toBeGreaterThanOrEqual(READS.length * 3);
  });

  it("never caches errors: validation, unknown messages, sessions not WORKING", async () => {
    t = await createTestApp();
    expect((await get(`${MESSAGES}/false_${ALICE}_NOPE`)).statusCode).toBe(404);
    expect((await get(`${MESSAGES}?limit=-1`)).statusCode).toBe(400);
    expect((await get("/api/nobody/chats/overview")).statusCode).toBe(422);
    expect(t.app.ctx.responses.stats().entries).toBe(0);
  });

  /** An incoming message, in the store (the seed's are too old for "read"). */
  const incoming = async () => {
    const { id } = await t.world.pushIncomingText(ALICE, "unread one");
    await waitUntil(
      async () => (await t.app.ctx.store.getMessage("default", ALICE, { id })) !== null,
    );
  };
  const commands: Array<[string, () => Promise<unknown>, (() => Promise<void>)?]> = [
    ["archive", () => send("POST", `/api/default/chats/${ALICE}/archive`)],
    ["unread", () => send("POST", `/api/default/chats/${GROUP}/unread`)],
    ["pin", () => send("POST", `${MESSAGES}/${A1}/pin`, { duration: 86400 })],
    ["unpin", () => send("POST", `${MESSAGES}/${A1}/unpin`)],
    ["edit", () => send("PUT", `${MESSAGES}/${A1}`, { text: "edited" })],
    ["read", () => send("POST", `${MESSAGES}/read`), incoming],
    ["sendText", () => send("POST", "/api/sendText", { chatId: ALICE, text: "sent now" })],
    ["sendText (GET)", () => get(`/api/sendText?phone=${ALICE}&text=sent%20by%20get`)],
    ["delete message", () => send("DELETE", `${MESSAGES}/${A1}`)],
    ["clear", () => send("DELETE", MESSAGES)],
    ["delete chat", () => send("DELETE", `/api/default/chats/${ALICE}`)],
  ];

  it.each(commands)("shows a %s on the very next GET", async (name, run, setup) => {
    t = await createTestApp();
    await setup?.();
    const before = await primeAll();
    const response = (await run()) as { statusCode: number };
    expect(response.statusCode, name).toBeLessThan(300);
    const after = await expectFresh();
    // Each of these commands changes at least one read (else the test proves nothing).
    if (!["pin", "unpin"].includes(name)) expect(after).not.toEqual(before);
  });

  it("shows an archive then an unarchive", async () => {
    t = await createTestApp();
    const archived = () => get("/api/default/chats").then((r) => r.json()[0].archived);
    expect(await archived()).toBe(false);
    await send("POST", `/api/default/chats/${ALICE}/archive`);
    expect(await archived()).toBe(true);
    await send("POST", `/api/default/chats/${ALICE}/unarchive`);
    expect(await archived()).toBe(false);
  });

  it("shows an incoming message as soon as the store has it", async () => {
    t = await createTestApp();
    await primeAll();
    const { id } = await t.world.pushIncomingText(ALICE, "just arrived");
    await waitUntil(
      async () => (await t.app.ctx.store.getMessage("default", ALICE, { id })) !== null,
    );
    expect((await get(MESSAGES)).json()[0].body).toBe("just arrived");
    expect((await get("/api/default/chats/overview")).json()[0].lastMessage.body).toBe(
      "just arrived",
    );
    await expectFresh();
  });

  it("shows writes made straight to ctx.store (not through an engine)", async () => {
    t = await createTestApp();
    await primeAll();
    await t.app.ctx.store.apply("default", {
      type: "message.reaction",
      target: { fromMe: true, chatId: ALICE, id: "A1" },
      reaction: { from: ALICE, fromMe: false, text: "👍", timestamp: 1_700_000_300 },
    });
    expect((await get(`${MESSAGES}/${A1}/reactions`)).json()).toMatchObject([{ text: "👍" }]);
  });

  it("a write to one chat keeps another chat's messages cached, and every read fresh", async () => {
    t = await createTestApp();
    const before = await primeAll();
    const hits = () => t.app.ctx.responses.stats().hits;
    await t.app.ctx.store.apply("default", {
      type: "message.reaction",
      target: { fromMe: false, chatId: GROUP, id: "G-ANY" },
      reaction: { from: ALICE, fromMe: false, text: "👍", timestamp: 1_700_000_300 },
    });
    // Alice's chat-scoped reads are still answered from the cache...
    const aliceReads = READS.filter((url) => url.startsWith(MESSAGES));
    let counted = hits();
    for (const url of aliceReads) {
      await get(url);
      expect(hits(), url).toBe(counted + 1);
      counted += 1;
    }
    // ...session-wide ones are computed again, and every answer is what a fresh one is.
    await get("/api/default/chats/overview?limit=20");
    expect(hits()).toBe(counted);
    expect(await expectFresh()).toEqual(before);
    // A write to Alice's chat drops hers.
    await t.app.ctx.store.apply("default", {
      type: "message.reaction",
      target: { fromMe: true, chatId: ALICE, id: "A1" },
      reaction: { from: ALICE, fromMe: false, text: "🎉", timestamp: 1_700_000_300 },
    });
    expect((await get(`${MESSAGES}/${A1}/reactions`)).json()).toMatchObject([{ text: "🎉" }]);
    await expectFresh();
  });

  it("a write to a LID chat drops every chat's entries (its PN chat's pages merge it)", async () => {
    t = await createTestApp();
    await primeAll();
    await t.app.ctx.store.apply("default", {
      type: "chat.unread",
      chatId: "555@lid",
      unreadCount: 1,
    });
    expect(t.app.ctx.responses.stats().entries).toBe(0);
  });

  it("does not store a body read before a write that finished before the body was sent", async () => {
    // The reactions read is held after it read the store; meanwhile a reaction is applied.
    let holding = false;
    let held = 0;
    let gate = Promise.resolve();
    let release = () => {};
    const wrapStore = (store: Store): Store => ({
      ...store,
      getMessage: async (...args) => {
        const stored = await store.getMessage(...args);
        if (holding) {
          held += 1;
          await gate;
        }
        return stored;
      },
    });
    t = await createTestApp({ wrapStore });
    const url = `${MESSAGES}/${A1}/reactions`;
    holding = true;
    gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const early = get(url);
    await waitUntil(() => held === 1);
    await t.app.ctx.store.apply("default", {
      type: "message.reaction",
      target: { fromMe: true, chatId: ALICE, id: "A1" },
      reaction: { from: ALICE, fromMe: false, text: "🎉", timestamp: 1_700_000_300 },
    });
    holding = false;
    release();
    // The early answer is what the store held when it was read...
    expect((await early).json()).toEqual([]);
    expect(t.app.ctx.responses.stats().discarded).toBe(1);
    // ...and it was not kept: the next answer has the reaction.
    expect((await get(url)).json()).toMatchObject([{ text: "🎉" }]);
  });

  it("shows a refreshed chat picture in the overview", async () => {
    t = await createTestApp();
    await t.world.setProfilePicture(ALICE, "https://pictures.invalid/old.jpg");
    const picture = async () =>
      (await get("/api/default/chats/overview")).json().find((c: { id: string }) => c.id === ALICE)
        .picture;
    expect(await picture()).toBe("https://pictures.invalid/old.jpg");
    expect(await picture()).toBe("https://pictures.invalid/old.jpg");
    await t.world.setProfilePicture(ALICE, "https://pictures.invalid/new.jpg");
    // WAHA keeps a picture 24 h: the overview still shows the old one until a refresh.
    expect(await picture()).toBe("https://pictures.invalid/old.jpg");
    await get(`/api/default/chats/${ALICE}/picture?refresh=true`);
    expect(await picture()).toBe("https://pictures.invalid/new.jpg");
  });

  it.each(["logout", "stop", "restart"])("drops the session's entries on %s", async (action) => {
    t = await createTestApp();
    await primeAll();
    expect(t.app.ctx.responses.stats().entries).toBe(READS.length);
    await send("POST", `/api/sessions/default/${action}`);
    expect(t.app.ctx.responses.stats().entries).toBe(0);
  });

  it("drops the session's entries when it is deleted", async () => {
    t = await createTestApp();
    await primeAll();
    expect((await send("DELETE", "/api/sessions/default")).statusCode).toBe(200);
    expect(t.app.ctx.responses.stats().entries).toBe(0);
  });

  it("Cache-Control: no-cache computes afresh and leaves the cache alone", async () => {
    t = await createTestApp();
    const fresh = await get(MESSAGES, NO_CACHE);
    expect(fresh.statusCode).toBe(200);
    expect(fresh.headers.etag).toBeUndefined();
    expect((await get(MESSAGES, { "cache-control": "max-age=0, no-store" })).statusCode).toBe(200);
    expect(t.app.ctx.responses.stats()).toMatchObject({ entries: 0, hits: 0, misses: 0 });
  });

  it("stays within its bounds", async () => {
    t = await createTestApp({ httpCache: { maxEntries: 3 } });
    await primeAll();
    const stats = t.app.ctx.responses.stats();
    expect(stats.entries).toBe(3);
    expect(stats.evictions).toBe(READS.length - 3);
    await expectFresh();
  });

  it("stores nothing when disabled (WA_HTTP_CACHE=off)", async () => {
    t = await createTestApp({ httpCache: false });
    const [first, second] = [await get(MESSAGES), await get(MESSAGES)];
    expect(second.body).toBe(first.body);
    expect(second.headers.etag).toBeUndefined();
    expect(t.app.ctx.responses.stats().entries).toBe(0);
  });
});
