/**
 * Two server instances in one process on one store, joined through a throwaway PostgreSQL: owners
 * in `/api/sessions`, reads served by either, commands and lifecycle calls forwarded to the owner,
 * a 503 with Retry-After when the owner died mid-way, and the takeover once its leases lapse. (The
 * three-process test on the PostgreSQL store is `test/e2e-cluster.test.ts`.)
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemoryWorld, type MemoryWorld } from "@wa/engine-testkit";
import { createSqliteStore, type Store } from "@wa/store";
import { hasPostgres, type PostgresCluster, startPostgres } from "@wa/store/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type Instance,
  startInstance,
  stopInstance,
  TEST_KEY,
} from "../../test/cluster-instances.ts";

const ALICE = "11111111111@c.us";
const PHOTO = randomBytes(40_000);

describe.skipIf(!hasPostgres())("two instances sharing sessions", () => {
  let postgres: PostgresCluster;
  let store: Store;
  let world: MemoryWorld;
  let a: Instance;
  let b: Instance;

  /** Each instance's own media folder (local storage: files are on the instance that downloaded). */
  const folders: string[] = [];
  const start = async () => {
    const folder = await mkdtemp(join(tmpdir(), "wa-cluster-media-"));
    folders.push(folder);
    return startInstance({ databaseUrl: postgres.url, store, world }, { media: { folder } });
  };

  beforeAll(async () => {
    postgres = await startPostgres({ settings: { fsync: "off" } });
    store = createSqliteStore({ file: ":memory:" });
    world = createMemoryWorld();
    await world.seedHistory({
      chats: [
        {
          id: ALICE,
          name: "Alice",
          messages: [
            {
              id: "PHOTO1",
              fromMe: false,
              text: "a photo",
              timestamp: 1_699_999_000,
              media: { type: "image", data: PHOTO, mimetype: "image/jpeg" },
            },
            { id: "A1", fromMe: false, text: "hi", timestamp: 1_700_000_000 },
          ],
        },
      ],
      contacts: [],
    });
    a = await start();
    b = await start();
  }, 60_000);
  afterAll(async () => {
    for (const instance of [a, b]) await stopInstance(instance);
    await store?.close();
    await postgres?.stop();
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it("shows the owner, serves reads anywhere and forwards commands to the owner", async () => {
    expect((await a.call("POST", "/api/sessions", { name: "s1" })).status).toBe(201);
    await vi.waitFor(() => expect(a.app.ctx.sessions.live("s1")?.status).toBe("WORKING"), {
      timeout: 5000,
    });
    const listed = await b.call("GET", "/api/sessions");
    expect(listed.body).toEqual([
      expect.objectContaining({ name: "s1", status: "WORKING", owner: a.cluster.self }),
    ]);
    expect((await a.call("GET", "/api/sessions/s1")).body.owner).toEqual(a.cluster.self);
    expect(b.app.ctx.sessions.live("s1")).toBeUndefined();

    // A read from the store, answered by the instance that does not drive the session.
    await vi.waitFor(
      async () => {
        const chats = await b.call("GET", "/api/s1/chats");
        expect(chats.status).toBe(200);
        expect(chats.body.map((chat: { id: string }) => chat.id)).toContain(ALICE);
      },
      { timeout: 5000 },
    );

    // A command sent to B runs on A's engine; the effect is readable from B.
    const sent = await b.call("POST", "/api/sendText", {
      session: "s1",
      chatId: ALICE,
      text: "via b",
    });
    expect(sent.status).toBe(201);
    const messages = await b.call("GET", `/api/s1/chats/${ALICE}/messages?limit=10`);
    expect(messages.body.map((m: { body: string }) => m.body)).toContain("via b");
    // B answers the chat list from the database and keeps it in its response cache; a write on A
    // announces itself over NOTIFY and B drops the list (or would answer the old one for a minute).
    const aliceOnB = async () =>
      ((await b.call("GET", "/api/s1/chats")).body as { id: string }[]).find(
        (chat) => chat.id === ALICE,
      );
    const cachedChat = await aliceOnB();
    expect(b.app.ctx.responses.stats().stores).toBeGreaterThan(0);
    // The chat list shows times in seconds: the new message must fall in a later second, or the
    // changed chat looks exactly like the cached one.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const direct = { session: "s1", chatId: ALICE, text: "direct on a" };
    expect((await a.call("POST", "/api/sendText", direct)).status).toBe(201);
    await vi.waitFor(async () => expect(await aliceOnB()).not.toEqual(cachedChat), {
      timeout: 5000,
    });
    // The engine's own description comes from the owner too.
    expect((await b.call("GET", "/engine?session=s1")).body.info).toBeDefined();

    // Lifecycle calls go to the owner: B's stop stops A's engine and frees the lease.
    expect((await b.call("POST", "/api/sessions/s1/stop")).body.status).toBe("STOPPED");
    expect(a.app.ctx.sessions.live("s1")).toBeUndefined();
    expect((await b.call("GET", "/api/sessions/s1")).body).toMatchObject({
      status: "STOPPED",
      owner: null,
    });
    // Started from B, it runs on B now.
    await b.call("POST", "/api/sessions/s1/start");
    await vi.waitFor(() => expect(b.app.ctx.sessions.live("s1")?.status).toBe("WORKING"), {
      timeout: 5000,
    });
    expect((await a.call("GET", "/api/sessions/s1")).body.owner).toEqual(b.cluster.self);
    expect(
      (await a.call("POST", "/api/sendText", { session: "s1", chatId: ALICE, text: "via a" }))
        .status,
    ).toBe(201);
  }, 30_000);

  // Regression: the URL named the owner's address; then, on the caller's origin, that instance
  // did not hold the file (local media are on the instance that downloaded them) and answered 404.
  it("local media: a file the owner keeps is served through the instance the client called", async () => {
    expect(b.app.ctx.sessions.live("s1")?.status).toBe("WORKING");
    // A drove s1 before and kept the files it downloaded then: it holds none from now on.
    await a.app.ctx.media.files.removeSession("s1");
    const id = `false_${ALICE}_PHOTO1`;
    const message = await a.call("GET", `/api/s1/chats/${ALICE}/messages/${id}`);
    expect(message.status).toBe(200);
    expect(message.body.media.url).toBe(`${a.url}/api/files/s1/PHOTO1.jpeg`);
    const path = new URL(message.body.media.url).pathname;
    expect(await a.app.ctx.media.files.find("s1", "PHOTO1.jpeg")).toBeUndefined();
    const fetchFromA = (method: string, headers: Record<string, string> = {}) =>
      fetch(`${a.url}${path}`, { method, headers: { "x-api-key": TEST_KEY, ...headers } });
    const whole = await fetchFromA("GET");
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("image/jpeg");
    expect(whole.headers.get("content-length")).toBe(String(PHOTO.length));
    expect(Buffer.from(await whole.arrayBuffer()).equals(PHOTO)).toBe(true);
    const part = await fetchFromA("GET", { range: "bytes=100-199" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${PHOTO.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(PHOTO.subarray(100, 200))).toBe(true);
    const head = await fetchFromA("HEAD");
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(PHOTO.length));
    // A name the owner does not hold either is its 404.
    expect((await a.call("GET", "/api/files/s1/NOPE.jpeg")).status).toBe(404);
  }, 30_000);

  // Regression: B kept the picture it fetched while it drove s1, for 24 h, after A saw it change.
  it("a picture the owner finds changed is forgotten by the other instance too", async () => {
    const picture = async (instance: Instance, refresh = false) => {
      const path = `/api/s1/chats/${ALICE}/picture${refresh ? "?refresh=true" : ""}`;
      const answer = await instance.call("GET", path);
      expect(answer.status).toBe(200);
      return answer.body.url;
    };
    const moveTo = async (from: Instance, to: Instance) => {
      expect((await from.call("POST", "/api/sessions/s1/stop")).status).toBe(201);
      await to.call("POST", "/api/sessions/s1/start");
      await vi.waitFor(() => expect(to.app.ctx.sessions.live("s1")?.status).toBe("WORKING"), {
        timeout: 5000,
      });
    };
    expect(b.app.ctx.sessions.live("s1")?.status).toBe("WORKING");
    await world.setProfilePicture(ALICE, "https://pictures.test/old.jpg");
    expect(await picture(b)).toBe("https://pictures.test/old.jpg");

    await moveTo(b, a);
    expect(await picture(a)).toBe("https://pictures.test/old.jpg");
    await world.setProfilePicture(ALICE, "https://pictures.test/new.jpg");
    // Cached on A: the old one, until a refresh finds the new one (and tells the others).
    expect(await picture(a)).toBe("https://pictures.test/old.jpg");
    expect(await picture(a, true)).toBe("https://pictures.test/new.jpg");

    await moveTo(a, b);
    await vi.waitFor(async () => expect(await picture(b)).toBe("https://pictures.test/new.jpg"), {
      timeout: 5000,
    });
  }, 30_000);

  it("one name created on both instances at once: one 201, the other 422 (it exists), one record", async () => {
    const create = (instance: Instance, team: string) =>
      instance.call("POST", "/api/sessions", { name: "twice", config: { metadata: { team } } });
    const answers = await Promise.all([create(a, "a"), create(b, "b")]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 422]);
    const winner = answers[0]?.status === 201 ? "a" : "b";
    const loser = answers.find((answer) => answer.status === 422);
    expect(loser?.body.message).toMatch(/already exists/);
    const record = await a.call("GET", "/api/sessions/twice");
    expect(record.body.config.metadata).toEqual({ team: winner });
    expect((await b.call("DELETE", "/api/sessions/twice")).status).toBeLessThan(300);
  }, 30_000);

  it("answers 503 with Retry-After while a dead owner's lease runs out, then another instance takes the session over", async () => {
    // B dies: its HTTP server and engines go, its leases are left to lapse.
    await b.cluster.close({ release: false });
    await b.app.close();
    const during = await a.call("POST", "/api/sendText", {
      session: "s1",
      chatId: ALICE,
      text: "lost?",
    });
    expect(during.status).toBe(503);
    expect(during.headers.get("retry-after")).toBe("2");
    expect(during.body.message).toMatch(/did not answer/);
    await vi.waitFor(() => expect(a.app.ctx.sessions.live("s1")?.status).toBe("WORKING"), {
      timeout: 25_000,
      interval: 50,
    });
    expect((await a.call("GET", "/api/sessions/s1")).body.owner).toEqual(a.cluster.self);
    expect(
      (await a.call("POST", "/api/sendText", { session: "s1", chatId: ALICE, text: "after" }))
        .status,
    ).toBe(201);
  }, 45_000);
});
