/** @module Chats routes through `inject()`: list, overview (GET/POST), picture, archive, unread, delete. */

import { createMemoryEngine, createMemoryWorld } from "@wa/engine-testkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { createTestApp, SEED, type TestApp, waitWorking } from "./helpers.ts";
import { openTestStore } from "./test-store.ts";

const ALICE = "11111111111@c.us";
const GROUP = "123456789-987654321@g.us";

describe("chats routes", () => {
  let t: TestApp;
  const get = (url: string) => t.app.inject({ method: "GET", url, headers: t.headers });
  const post = (url: string, payload?: object) =>
    t.app.inject({ method: "POST", url, headers: t.headers, ...(payload ? { payload } : {}) });

  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  describe("GET /chats", () => {
    it("lists active chats, last activity first, with unreadCount", async () => {
      const response = await get("/api/default/chats");
      expect(response.statusCode).toBe(200);
      const chats = response.json();
      expect(chats.map((chat: { id: string }) => chat.id)).toEqual([ALICE, GROUP]);
      expect(chats[0]).toMatchObject({
        name: "Alice",
        conversationTimestamp: 1_700_000_200,
        unreadCount: 2,
      });
    });

    it("sorts, limits and offsets", async () => {
      const response = await get("/api/default/chats?sortBy=id&sortOrder=asc&limit=1&offset=1");
      expect(response.json().map((chat: { id: string }) => chat.id)).toEqual([GROUP]);
    });

    it.each([
      ["sortOrder=sideways", "sortOrder"],
      ["sortBy=nope", "sortBy"],
      ["limit=-1", "limit"],
      ["offset=abc", "offset"],
      ["merge=maybe", "merge"],
    ])("answers 400 for %s", async (query, name) => {
      const response = await get(`/api/default/chats?${query}`);
      expect(response.statusCode).toBe(400);
      const body = response.json();
      expect(body).toMatchObject({ statusCode: 400, error: "Bad Request" });
      expect(body.code).toMatch(/^WA_/);
      expect(Array.isArray(body.message)).toBe(true);
      expect(body.message.join(" ")).toContain(name);
    });

    it("accepts WAHA's boolean spellings", async () => {
      for (const value of ["true", "True", "1", "false", "False", "0"]) {
        expect((await get(`/api/default/chats?merge=${value}`)).statusCode).toBe(200);
      }
    });
  });

  describe("overview", () => {
    it("GET returns ChatSummary items with name, picture, last message without media", async () => {
      await t.world.setProfilePicture(ALICE, "https://pictures.invalid/alice.jpg");
      const response = await get("/api/default/chats/overview");
      expect(response.statusCode).toBe(200);
      const [alice, group] = response.json();
      expect(alice).toMatchObject({
        id: ALICE,
        name: "Alice",
        picture: "https://pictures.invalid/alice.jpg",
        unreadCount: 2,
      });
      expect(alice.lastMessage).toMatchObject({ id: `false_${ALICE}_A3`, media: null });
      expect(alice._chat).toBeTypeOf("object");
      expect(group.id).toBe(GROUP);
    });

    it("filters by ids given once, repeated, or as ids[]", async () => {
      for (const query of [
        `ids=${ALICE}`,
        `ids=${GROUP}&ids=${ALICE}`,
        `ids[]=${ALICE}&ids[]=${GROUP}`,
      ]) {
        const ids = (await get(`/api/default/chats/overview?${query}`))
          .json()
          .map((c: { id: string }) => c.id);
        expect(ids).toContain(ALICE);
        expect(ids.length).toBe(query.split("&").length);
      }
    });

    it("normalises ids in the filter (bare number, %40)", async () => {
      const bare = await get("/api/default/chats/overview?ids=11111111111");
      const escaped = await get("/api/default/chats/overview?ids=11111111111%40c.us");
      expect(bare.json()).toHaveLength(1);
      expect(escaped.json()).toHaveLength(1);
    });

    it("POST answers 201 and applies default pagination when it is missing", async () => {
      const empty = await post("/api/default/chats/overview");
      expect(empty.statusCode).toBe(201);
      expect(empty.json()).toHaveLength(2);
      const filtered = await post("/api/default/chats/overview", {
        pagination: { limit: 10, offset: 0 },
        filter: { ids: [GROUP] },
      });
      expect(filtered.statusCode).toBe(201);
      expect(filtered.json().map((c: { id: string }) => c.id)).toEqual([GROUP]);
    });

    it("answers 400 for a malformed id in the filter", async () => {
      expect((await get("/api/default/chats/overview?ids=not-an-id")).statusCode).toBe(400);
    });

    it("still answers without the picture capability (pictures are null)", async () => {
      await t.close();
      t = await createTestApp({ disable: ["chats.picture"] });
      const response = await get("/api/default/chats/overview");
      expect(response.statusCode).toBe(200);
      expect(response.json()[0].picture).toBeNull();
    });
  });

  describe("picture", () => {
    it("returns the url, cached until refresh=true", async () => {
      await t.world.setProfilePicture(ALICE, "https://pictures.invalid/1.jpg");
      expect((await get(`/api/default/chats/${ALICE}/picture`)).json()).toEqual({
        url: "https://pictures.invalid/1.jpg",
      });
      await t.world.setProfilePicture(ALICE, "https://pictures.invalid/2.jpg");
      expect((await get(`/api/default/chats/${ALICE}/picture`)).json().url).toContain("1.jpg");
      expect((await get(`/api/default/chats/${ALICE}/picture?refresh=True`)).json().url).toContain(
        "2.jpg",
      );
    });

    it("returns null for a chat without a picture", async () => {
      expect((await get(`/api/default/chats/${GROUP}/picture`)).json()).toEqual({ url: null });
    });

    it("answers 501 without the capability", async () => {
      await t.close();
      t = await createTestApp({ disable: ["chats.picture"] });
      const response = await get(`/api/default/chats/${ALICE}/picture`);
      expect(response.statusCode).toBe(501);
      expect(response.json()).toEqual({
        statusCode: 501,
        message:
          "The method is not implemented by 'MEMORY' engine. Check the docs and try another engine: https://waha.devlike.pro/",
        error: "Not Implemented",
        code: "WA_ENGINE_UNSUPPORTED",
      });
    });
  });

  describe("chat commands", () => {
    it("archive and unarchive answer 201 and reach the world and the store", async () => {
      const archived = await post(`/api/default/chats/${ALICE}/archive`);
      expect(archived.statusCode).toBe(201);
      expect((await t.world.chatState(ALICE)).archived).toBe(true);
      expect((await t.app.ctx.store.getChat("default", ALICE))?.archived).toBe(true);
      expect((await post(`/api/default/chats/${ALICE}/unarchive`)).statusCode).toBe(201);
      expect((await t.world.chatState(ALICE)).archived).toBe(false);
    });

    it("unread answers 201 and marks the chat unread", async () => {
      expect((await post(`/api/default/chats/${GROUP}/unread`)).statusCode).toBe(201);
      expect((await t.world.chatState(GROUP)).markedUnread).toBe(true);
    });

    it("delete answers 200 and removes the chat", async () => {
      const response = await t.app.inject({
        method: "DELETE",
        url: `/api/default/chats/${ALICE}`,
        headers: t.headers,
      });
      expect(response.statusCode).toBe(200);
      expect((await t.world.chatState(ALICE)).deleted).toBe(true);
      const ids = (await get("/api/default/chats")).json().map((c: { id: string }) => c.id);
      expect(ids).not.toContain(ALICE);
    });

    it("accepts %40-escaped and bare-number chat ids", async () => {
      expect((await post("/api/default/chats/11111111111%40c.us/archive")).statusCode).toBe(201);
      expect((await post("/api/default/chats/11111111111/unarchive")).statusCode).toBe(201);
    });

    it.each(["not-a-chat", "123@unknown.server", "abc@c.us"])(
      "answers 400 for chat id %s",
      async (id) => {
        const response = await post(`/api/default/chats/${encodeURIComponent(id)}/archive`);
        expect(response.statusCode).toBe(400);
        expect(response.json().code).toBe("WA_INVALID_CHAT_ID");
      },
    );

    it.each([
      ["archive", "chats.archive"],
      ["unarchive", "chats.archive"],
      ["unread", "chats.unread"],
    ] as const)("%s answers 501 without %s", async (action, capability) => {
      await t.close();
      t = await createTestApp({ disable: [capability] });
      const response = await post(`/api/default/chats/${ALICE}/${action}`);
      expect(response.statusCode).toBe(501);
      expect(response.json().code).toBe("WA_ENGINE_UNSUPPORTED");
    });

    it("delete answers 501 without chats.delete", async () => {
      await t.close();
      t = await createTestApp({ disable: ["chats.delete"] });
      const response = await t.app.inject({
        method: "DELETE",
        url: `/api/default/chats/${ALICE}`,
        headers: t.headers,
      });
      expect(response.statusCode).toBe(501);
    });
  });
});

describe("engine failures", () => {
  it("an engine that throws answers 500 with a WAHA body, and the server keeps serving", async () => {
    const world = createMemoryWorld();
    await world.seedHistory(SEED);
    const { store, close: closeStore } = await openTestStore();
    const createEngine = () => {
      const engine = createMemoryEngine({ world, autoPair: true });
      return {
        ...engine,
        archiveChat: async () => {
          throw new TypeError("socket exploded");
        },
      };
    };
    const app = await buildApp({
      store,
      apiKey: null,
      logger: false,
      defaultEngine: "memory",
      engines: { memory: async () => ({ createEngine }) },
    });
    await app.inject({ method: "POST", url: "/api/sessions", payload: { name: "default" } });
    await waitWorking(app, "default");
    const response = await app.inject({
      method: "POST",
      url: `/api/default/chats/${ALICE}/archive`,
    });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      statusCode: 500,
      message: "Internal Server Error",
      error: "Internal Server Error",
      code: "WA_ENGINE_FAILURE",
    });
    expect((await app.inject({ url: "/api/default/chats" })).statusCode).toBe(200);
    await app.close();
    await closeStore();
  });
});
