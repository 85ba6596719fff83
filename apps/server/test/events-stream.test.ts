/**
 * @module Event replay, the WebSocket and status events through the app (memory engine) on a real
 * loopback port: `events?since=` returns exactly the events after an id, page by page; a WebSocket
 * client gets live events, a bad key is closed with 1008, a reader that stops reading is dropped;
 * every status change (STOPPED and a failed start included) is one `session.status` event; one
 * command is one event; a failed store write fails the command and announces nothing.
 */
import type { Store } from "@wa/store";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { buildApp } from "../src/app.ts";
import { createTestApp, type TestApp, waitUntil, waitWorking } from "./helpers.ts";
import { openTestStore } from "./test-store.ts";

const ALICE = "11111111111@c.us";

describe("event replay, WebSocket and status events", () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  const get = (url: string) =>
    (t as TestApp).app.inject({ method: "GET", url, headers: t?.headers });
  const post = (url: string) =>
    (t as TestApp).app.inject({ method: "POST", url, headers: t?.headers });
  const replay = async (query = "") => (await get(`/api/default/events${query}`)).json();

  it("events?since= returns exactly the events after the given id, paginated", async () => {
    t = await createTestApp();
    for (let i = 0; i < 6; i++) await t.world.pushIncomingText(ALICE, `r${i}`);
    await waitUntil(
      async () =>
        (await replay("?limit=1000")).filter((e: { event: string }) => e.event === "message")
          .length === 6,
    );
    const all = await replay("?limit=1000");
    expect(all.map((e: { event: string }) => e.event).slice(0, 3)).toEqual([
      "session.status",
      "session.status",
      "message",
    ]);
    const ids = all.map((e: { id: string }) => e.id);
    expect([...ids].sort()).toEqual(ids);
    const pivot = ids[4];
    expect(await replay(`?since=${pivot}&limit=1000`)).toEqual(all.slice(5));
    const pages: unknown[] = [];
    let since = "";
    for (;;) {
      const page = await replay(`?limit=4${since ? `&since=${since}` : ""}`);
      if (page.length === 0) break;
      pages.push(...page);
      since = page.at(-1).id;
    }
    expect(pages).toEqual(all);
    expect(await replay(`?since=${ids.at(-1)}`)).toEqual([]);
    const unknown = await get("/api/default/events?since=evt_00000000000000000000000000");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: "WA_EVENT_NOT_FOUND" });
    expect((await get("/api/default/events?since=nope")).statusCode).toBe(400);
    expect((await get("/api/default/events?limit=0")).statusCode).toBe(400);
    expect((await get("/api/missing/events")).statusCode).toBe(404);
  });

  it("a WebSocket client receives live events; a bad key is closed with 1008", async () => {
    t = await createTestApp();
    const address = await t.app.listen({ port: 0, host: "127.0.0.1" });
    const base = address.replace("http", "ws");
    const bad = new WebSocket(`${base}/ws?session=default&x-api-key=wrong`);
    const closed = await new Promise<{ code: number; reason: string }>((resolve) =>
      bad.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/Unauthorized/);
    const badEvents = new WebSocket(`${base}/ws?events=nope`, {
      headers: { "x-api-key": "test-key" },
    });
    const badClose = await new Promise<number>((resolve) =>
      badEvents.on("close", (code) => resolve(code)),
    );
    expect(badClose).toBe(4400);

    const client = new WebSocket(
      `${base}/ws?session=default&events=message,chat.archive&x-api-key=test-key`,
    );
    const frames: any[] = [];
    client.on("message", (data) => frames.push(JSON.parse(data.toString())));
    await new Promise((resolve) => client.on("open", resolve));
    await t.world.pushIncomingText(ALICE, "live over ws");
    expect((await post(`/api/default/chats/${ALICE}/archive`)).statusCode).toBe(201);
    await waitUntil(() => frames.length >= 2);
    expect(frames.map((f) => f.event)).toEqual(["message", "chat.archive"]);
    expect(frames[0]).toMatchObject({
      session: "default",
      engine: "MEMORY",
      payload: { body: "live over ws" },
    });
    expect(frames[1].payload).toMatchObject({ id: ALICE, archived: true });
    // The frames are the stored events, as replay returns them.
    const stored = await replay("?limit=1000");
    expect(
      stored.filter((e: { event: string }) => ["message", "chat.archive"].includes(e.event)),
    ).toEqual(frames);
    client.close();
  });

  it("a WebSocket client that stops reading is dropped, not buffered without limit", async () => {
    t = await createTestApp({ wsBufferLimit: 64 * 1024 });
    const server = await t.app.listen({ port: 0, host: "127.0.0.1" });
    const client = new WebSocket(`${server.replace("http", "ws")}/ws?x-api-key=test-key`);
    await new Promise((resolve) => client.on("open", resolve));
    const closed = new Promise<number>((resolve) => client.on("close", (code) => resolve(code)));
    let frames = 0;
    client.on("message", () => frames++);
    // Stop reading: the kernel buffers fill, then the server's own buffer grows.
    (client as unknown as { _socket: { pause(): void } })._socket.pause();
    const big = "x".repeat(200_000);
    for (let i = 0; i < 80; i++) {
      await t.world.pushIncomingText(ALICE, `${i} ${big}`);
      if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    (client as unknown as { _socket: { resume(): void } })._socket.resume();
    // 1013 when the close frame is read in time, 1006 when the server had to cut the connection.
    expect([1013, 1006]).toContain(await closed);
    expect(frames).toBeLessThan(80);
  }, 30_000);

  it("every status change is one session.status event, STOPPED included", async () => {
    t = await createTestApp();
    await post("/api/sessions/default/stop");
    await post("/api/sessions/default/stop");
    await post("/api/sessions/default/start");
    await waitWorking(t.app, "default");
    await waitUntil(
      async () =>
        (await replay("?limit=1000")).filter((e: { event: string }) => e.event === "session.status")
          .length >= 5,
    );
    const statuses = (await replay("?limit=1000"))
      .filter((e: { event: string }) => e.event === "session.status")
      .map((e: { payload: { status: string } }) => e.payload.status);
    expect(statuses).toEqual(["STARTING", "WORKING", "STOPPED", "STARTING", "WORKING"]);
    const last = (await replay("?limit=1000"))
      .filter((e: { event: string }) => e.event === "session.status")
      .at(-1);
    expect(last.payload.statuses.map((s: { status: string }) => s.status)).toEqual([
      "STOPPED",
      "STARTING",
      "WORKING",
    ]);
  });

  it("a failed start is a FAILED session.status event", async () => {
    const { store, close: closeStore } = await openTestStore();
    const app = await buildApp({
      store,
      apiKey: null,
      logger: false,
      defaultEngine: "broken",
      engines: {
        broken: async () => {
          throw new Error("cannot load");
        },
      },
    });
    try {
      await app.inject({ method: "POST", url: "/api/sessions", payload: { name: "b" } });
      await waitUntil(() => app.ctx.sessions.live("b")?.status === "FAILED");
      const events = (await app.inject({ method: "GET", url: "/api/b/events" })).json();
      expect(events.map((e: { payload: { status: string } }) => e.payload.status)).toEqual([
        "STARTING",
        "FAILED",
      ]);
    } finally {
      await app.close();
      await closeStore();
    }
  });

  it("one command, one event: archive twice and unarchive give two chat.archive; a send one message.any", async () => {
    t = await createTestApp();
    const before = (await replay("?limit=1000")).length;
    await post(`/api/default/chats/${ALICE}/archive`);
    await post(`/api/default/chats/${ALICE}/archive`);
    await post(`/api/default/chats/${ALICE}/unarchive`);
    const sent = await t.app.inject({
      method: "POST",
      url: "/api/sendText",
      headers: t.headers,
      payload: { chatId: ALICE, text: "once" },
    });
    expect(sent.statusCode).toBe(201);
    const added = (await replay("?limit=1000")).slice(before);
    expect(added.map((e: { event: string }) => e.event)).toEqual([
      "chat.archive",
      "chat.archive",
      "message.any",
    ]);
    expect(added.map((e: { payload: { archived?: boolean } }) => e.payload.archived)).toEqual([
      true,
      false,
      undefined,
    ]);
    expect(added[2].payload).toMatchObject({ id: sent.json().id, fromMe: true });
  });

  it("a store write that fails makes the command fail (5xx) and announces nothing", async () => {
    let failing = false;
    const failingApply = (store: Store): Store => ({
      ...store,
      apply: (session, events) =>
        failing ? Promise.reject(new Error("disk full")) : store.apply(session, events),
    });
    t = await createTestApp({ wrapStore: failingApply });
    const before = (await replay("?limit=1000")).length;
    failing = true;
    const archive = await post(`/api/default/chats/${ALICE}/archive`);
    failing = false;
    expect(archive.statusCode).toBeGreaterThanOrEqual(500);
    expect((await replay("?limit=1000")).length).toBe(before);
    expect(
      (await get("/api/default/chats")).json().find((c: { id: string }) => c.id === ALICE).archived,
    ).toBe(false);
  });
});
