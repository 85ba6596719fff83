/** @module Messages routes through `inject()`: list, get by id, reactions, read, pin, edit, delete, clear. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp, waitUntil } from "./helpers.ts";

const ALICE = "11111111111@c.us";
const GROUP = "123456789-987654321@g.us";
const A1 = `true_${ALICE}_A1`;
const A3 = `false_${ALICE}_A3`;
const MESSAGES = `/api/default/chats/${ALICE}/messages`;

describe("messages routes", () => {
  let t: TestApp;
  const request = (method: "GET" | "POST" | "PUT" | "DELETE", url: string, payload?: object) =>
    t.app.inject({ method, url, headers: t.headers, ...(payload ? { payload } : {}) });
  const ids = (body: Array<{ id: string }>) => body.map((message) => message.id);

  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  describe("GET messages", () => {
    it("returns WAMessages newest first with limit 10 by default", async () => {
      const response = await request("GET", MESSAGES);
      expect(response.statusCode).toBe(200);
      expect(ids(response.json())).toEqual([A3, `false_${ALICE}_A2`, A1]);
      expect(response.json()[0]).toMatchObject({
        body: "how are you?",
        fromMe: false,
        ackName: "DEVICE",
      });
    });

    it("applies sortOrder, limit, offset and the dotted filters", async () => {
      expect(ids((await request("GET", `${MESSAGES}?sortOrder=asc&limit=1`)).json())).toEqual([A1]);
      expect(ids((await request("GET", `${MESSAGES}?limit=1&offset=2`)).json())).toEqual([A1]);
      expect(ids((await request("GET", `${MESSAGES}?filter.fromMe=True`)).json())).toEqual([A1]);
      expect(ids((await request("GET", `${MESSAGES}?filter.ack=READ`)).json())).toEqual([A1]);
      const range = "filter.timestamp.gte=1700000100&filter.timestamp.lte=1700000100";
      expect(ids((await request("GET", `${MESSAGES}?${range}`)).json())).toEqual([
        `false_${ALICE}_A2`,
      ]);
      expect((await request("GET", `${MESSAGES}?sortBy=messageTimestamp`)).statusCode).toBe(200);
    });

    it("spans every chat with chatId=all", async () => {
      const all = ids((await request("GET", "/api/default/chats/all/messages?limit=100")).json());
      expect(all).toHaveLength(4);
    });

    it.each([
      ["filter.ack=SEEN", "filter.ack"],
      ["sortOrder=up", "sortOrder"],
      ["sortBy=body", "sortBy"],
      ["limit=-5", "limit"],
      ["offset=ten", "offset"],
      ["downloadMedia=yes", "downloadMedia"],
      ["filter.fromMe=maybe", "filter.fromMe"],
      ["filter.timestamp.gte=yesterday", "filter.timestamp.gte"],
    ])("answers 400 for %s", async (query, name) => {
      const response = await request("GET", `${MESSAGES}?${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ statusCode: 400, error: "Bad Request" });
      expect(response.json().message.join(" ")).toContain(name);
    });
  });

  describe("GET message by id", () => {
    it("returns the message by full or bare id, %40-escaped too", async () => {
      expect((await request("GET", `${MESSAGES}/${A3}`)).json().id).toBe(A3);
      expect((await request("GET", `${MESSAGES}/A3`)).json().id).toBe(A3);
      const escaped = `/api/default/chats/11111111111%40c.us/messages/false_11111111111%40c.us_A3`;
      expect((await request("GET", escaped)).json().id).toBe(A3);
    });

    it("answers WAHA's 404 for an unknown message", async () => {
      const response = await request("GET", `${MESSAGES}/false_${ALICE}_NOPE`);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({
        statusCode: 404,
        message: "Message not found",
        error: "Not Found",
        code: "WA_MESSAGE_NOT_FOUND",
      });
    });

    it.each(["maybe_123@c.us_ID", "a_b", "true_notachat_ID", "x_y_z_w_v"])(
      "answers 400 (not 500) for message id %s",
      async (messageId) => {
        const response = await request("GET", `${MESSAGES}/${encodeURIComponent(messageId)}`);
        expect(response.statusCode).toBe(400);
        expect(response.json().code).toBe("WA_INVALID_MESSAGE_ID");
      },
    );
  });

  describe("reactions", () => {
    it("returns the stored reactions, or []", async () => {
      expect((await request("GET", `${MESSAGES}/${A1}/reactions`)).json()).toEqual([]);
      await t.app.ctx.store.apply("default", {
        type: "message.reaction",
        target: { fromMe: true, chatId: ALICE, id: "A1" },
        reaction: { from: ALICE, fromMe: false, text: "👍", timestamp: 1_700_000_300 },
      });
      const reactions = (await request("GET", `${MESSAGES}/${A1}/reactions`)).json();
      expect(reactions).toMatchObject([{ from: ALICE, text: "👍" }]);
    });

    it("answers 404 for an unknown message", async () => {
      expect((await request("GET", `${MESSAGES}/false_${ALICE}_NOPE/reactions`)).statusCode).toBe(
        404,
      );
    });
  });

  describe("read", () => {
    it("marks unread incoming messages read and answers 201 {ids}", async () => {
      const { id } = await t.world.pushIncomingText(ALICE, "new one");
      const key = `false_${ALICE}_${id}`;
      await waitUntil(async () => (await request("GET", `${MESSAGES}/${id}`)).statusCode === 200);
      const response = await request("POST", `${MESSAGES}/read`);
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({ ids: [key] });
      expect(
        (await t.world.sent()).some((record) => record.kind === "read" && record.targetId === id),
      ).toBe(true);
      expect((await request("GET", `${MESSAGES}/${id}`)).json().ackName).toBe("READ");
    });

    it("takes messages/days from the query or a JSON body, without WAHA's precedence bug", async () => {
      await t.world.pushIncomingText(ALICE, "one");
      await t.world.pushIncomingText(ALICE, "two");
      await waitUntil(async () => (await request("GET", MESSAGES)).json().length === 5);
      const fromQuery = await request("POST", `${MESSAGES}/read?messages=1`);
      expect(fromQuery.json().ids).toHaveLength(1);
      const fromBody = await request("POST", `${MESSAGES}/read`, { messages: 5, days: 1 });
      expect(fromBody.json().ids).toHaveLength(1);
    });

    it("answers 400 for bad messages/days and 501 without messages.read", async () => {
      expect((await request("POST", `${MESSAGES}/read?days=-1`)).statusCode).toBe(400);
      expect((await request("POST", `${MESSAGES}/read`, { messages: "many" })).statusCode).toBe(
        400,
      );
      await t.close();
      t = await createTestApp({ disable: ["messages.read"] });
      expect((await request("POST", `${MESSAGES}/read`)).statusCode).toBe(501);
    });
  });

  describe("pin / unpin", () => {
    it("pins with an allowed duration and unpins, answering 201 {success:true}", async () => {
      const pinned = await request("POST", `${MESSAGES}/${A1}/pin`, { duration: 86400 });
      expect(pinned.statusCode).toBe(201);
      expect(pinned.json()).toEqual({ success: true });
      expect((await t.world.sent()).at(-1)).toMatchObject({ kind: "pin", targetId: "A1" });
      const unpinned = await request("POST", `${MESSAGES}/${A1}/unpin`);
      expect(unpinned.statusCode).toBe(201);
      expect((await t.world.sent()).at(-1)).toMatchObject({ kind: "unpin", targetId: "A1" });
    });

    it.each([{ duration: 3600 }, {}, { duration: "a day" }])(
      "answers 400 for body %j",
      async (body) => {
        const response = await request("POST", `${MESSAGES}/${A1}/pin`, body);
        expect(response.statusCode).toBe(400);
        expect(response.json().message.join(" ")).toContain("duration");
      },
    );

    it("answers 501 without messages.pin", async () => {
      await t.close();
      t = await createTestApp({ disable: ["messages.pin"] });
      expect((await request("POST", `${MESSAGES}/${A1}/unpin`)).statusCode).toBe(501);
    });
  });

  describe("edit", () => {
    it("edits a sent message (PUT answers 200)", async () => {
      const response = await request("PUT", `${MESSAGES}/${A1}`, { text: "edited" });
      expect(response.statusCode).toBe(200);
      expect((await t.world.sent()).at(-1)).toMatchObject({
        kind: "edit",
        text: "edited",
        targetId: "A1",
      });
    });

    it("answers 400 without text (WAHA silently sent 'Hello, world!')", async () => {
      const response = await request("PUT", `${MESSAGES}/${A1}`, { linkPreview: false });
      expect(response.statusCode).toBe(400);
      expect(response.json().message.join(" ")).toContain("text");
    });

    it("answers 404 for an unknown bare id and 501 without messages.edit", async () => {
      expect((await request("PUT", `${MESSAGES}/UNKNOWN`, { text: "x" })).statusCode).toBe(404);
      await t.close();
      t = await createTestApp({ disable: ["messages.edit"] });
      expect((await request("PUT", `${MESSAGES}/${A1}`, { text: "x" })).statusCode).toBe(501);
    });
  });

  describe("delete message", () => {
    it("revokes the message (200) and it leaves the list", async () => {
      const response = await request("DELETE", `${MESSAGES}/${A1}`);
      expect(response.statusCode).toBe(200);
      expect((await t.world.sent()).at(-1)).toMatchObject({ kind: "revoke", targetId: "A1" });
      expect(ids((await request("GET", MESSAGES)).json())).not.toContain(A1);
    });

    it("answers 501 without messages.delete", async () => {
      await t.close();
      t = await createTestApp({ disable: ["messages.delete"] });
      expect((await request("DELETE", `${MESSAGES}/${A1}`)).statusCode).toBe(501);
    });
  });

  describe("clear messages", () => {
    it("clears the chat (200)", async () => {
      const response = await request("DELETE", MESSAGES);
      expect(response.statusCode).toBe(200);
      expect((await t.world.chatState(ALICE)).cleared).toBe(true);
      expect((await request("GET", MESSAGES)).json()).toEqual([]);
      expect((await request("GET", `/api/default/chats/${GROUP}/messages`)).json()).toHaveLength(1);
    });

    it("answers 501 without chats.clear", async () => {
      await t.close();
      t = await createTestApp({ disable: ["chats.clear"] });
      expect((await request("DELETE", MESSAGES)).statusCode).toBe(501);
    });
  });
});
