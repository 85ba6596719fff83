/** @module sendText, sendSeen, observability routes, and the request dialects real clients send. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp, waitUntil } from "./helpers.ts";

const ALICE = "11111111111@c.us";
const MESSAGES = `/api/default/chats/${ALICE}/messages`;

describe("chatting and observability", () => {
  let t: TestApp;
  const post = (url: string, payload?: object, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: "POST",
      url,
      headers: { ...t.headers, ...headers },
      ...(payload ? { payload } : {}),
    });
  const get = (url: string) => t.app.inject({ url, headers: t.headers });

  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  describe("POST /api/sendText", () => {
    it("sends (201) and returns the WAMessage; the session defaults to 'default'", async () => {
      const response = await post("/api/sendText", { chatId: ALICE, text: "hello" });
      expect(response.statusCode).toBe(201);
      const message = response.json();
      expect(message).toMatchObject({ fromMe: true, body: "hello" });
      expect(message.id).toMatch(new RegExp(`^true_${ALICE}_`));
      expect((await t.world.sent()).at(-1)).toMatchObject({ kind: "text", text: "hello" });
      await waitUntil(async () => (await get(`${MESSAGES}/${message.id}`)).statusCode === 200);
    });

    it("replies to a message by full id", async () => {
      const payload = {
        session: "default",
        chatId: "11111111111",
        text: "re",
        reply_to: `false_${ALICE}_A3`,
      };
      expect((await post("/api/sendText", payload)).statusCode).toBe(201);
    });

    it("answers 400 for a bad chat id or a missing text, 422 for an unknown session", async () => {
      expect((await post("/api/sendText", { chatId: "nope", text: "x" })).statusCode).toBe(400);
      const missing = await post("/api/sendText", { chatId: ALICE });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().message.join(" ")).toContain("text");
      const unknown = await post("/api/sendText", { session: "ghost", chatId: ALICE, text: "x" });
      expect(unknown.statusCode).toBe(422);
    });
  });

  describe("POST /api/sendSeen", () => {
    it("marks the given ids read (201)", async () => {
      const response = await post("/api/sendSeen", {
        chatId: ALICE,
        messageIds: [`false_${ALICE}_A3`],
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({ ids: [`false_${ALICE}_A3`] });
      expect((await t.world.sent()).at(-1)).toMatchObject({ kind: "read", targetId: "A3" });
    });

    it("without ids marks the unread messages of the last 7 days, session defaulting to 'default'", async () => {
      const { id } = await t.world.pushIncomingText(ALICE, "fresh");
      await waitUntil(async () => (await get(`${MESSAGES}/${id}`)).statusCode === 200);
      const response = await post("/api/sendSeen", { chatId: ALICE });
      expect(response.json()).toEqual({ ids: [`false_${ALICE}_${id}`] });
    });

    it("answers 400 for a malformed message id", async () => {
      expect(
        (await post("/api/sendSeen", { chatId: ALICE, messageIds: ["garbage"] })).statusCode,
      ).toBe(400);
    });
  });

  describe("GET /api/messages (deprecated)", () => {
    it("lists a chat's messages with session and chatId in the query", async () => {
      const response = await get(`/api/messages?chatId=${ALICE}&limit=2`);
      expect(response.statusCode).toBe(200);
      expect(response.json().map((m: { id: string }) => m.id)).toEqual([
        `false_${ALICE}_A3`,
        `false_${ALICE}_A2`,
      ]);
      expect((await get(`/api/messages?session=default&chatId=all`)).json()).toHaveLength(4);
    });

    // Regression of WAHA #622: a missing chatId crashed with a 500.
    it("answers 400 without chatId", async () => {
      expect((await get("/api/messages?session=default")).statusCode).toBe(400);
    });
  });

  describe("observability", () => {
    it("GET /api/server/version answers WAHA's environment shape", async () => {
      const version = (await get("/api/server/version")).json();
      expect(version).toMatchObject({ engine: "MEMORY", tier: "CORE", browser: null });
      expect(version.worker).toHaveProperty("id");
      expect((await get("/api/version")).statusCode).toBe(200);
    });

    it("GET /api/server/status answers WAHA's status with the event-loop delay", async () => {
      const status = (await get("/api/server/status")).json();
      expect(status.startTimestamp).toBeLessThanOrEqual(Date.now());
      expect(status.uptime).toBeGreaterThanOrEqual(0);
      expect(status.worker).toHaveProperty("id");
      expect(Object.keys(status.eventLoopDelay).sort()).toEqual([
        "max",
        "mean",
        "p50",
        "p99",
        "samples",
        "sinceTimestamp",
      ]);
    });

    it("GET /health answers ok and GET /engine the capability table", async () => {
      expect((await get("/health")).json()).toMatchObject({ status: "ok" });
      const engine = (await get("/engine")).json();
      expect(engine.info.name).toBe("memory");
      expect(engine.capabilities["chats.archive"]).toBe(true);
      expect((await get("/engine?session=default")).json().info.name).toBe("memory");
    });
  });

  describe("client dialects", () => {
    it("empty POST bodies with a JSON content type, a form content type, or none", async () => {
      const url = `/api/default/chats/${ALICE}/archive`;
      for (const headers of [
        { "content-type": "application/json" },
        { "content-type": "application/x-www-form-urlencoded" },
        {},
      ]) {
        const response = await t.app.inject({
          method: "POST",
          url,
          headers: { ...t.headers, ...headers },
          payload: "",
        });
        expect(response.statusCode).toBe(201);
      }
    });

    it("form-encoded and content-type-less bodies are parsed", async () => {
      const form = await t.app.inject({
        method: "POST",
        url: "/api/sendText",
        headers: { ...t.headers, "content-type": "application/x-www-form-urlencoded" },
        payload: `chatId=${encodeURIComponent(ALICE)}&text=hi+there`,
      });
      expect(form.statusCode).toBe(201);
      expect(form.json().body).toBe("hi there");
      const pin = await t.app.inject({
        method: "POST",
        url: `${MESSAGES}/true_${ALICE}_A1/pin`,
        headers: { ...t.headers, "content-type": "application/x-www-form-urlencoded" },
        payload: "duration=604800",
      });
      expect(pin.statusCode).toBe(201);
    });

    it("JSON with a charset or a text/plain content type is parsed", async () => {
      for (const type of ["application/json; charset=utf-8", "text/plain"]) {
        const response = await t.app.inject({
          method: "POST",
          url: "/api/sendText",
          headers: { ...t.headers, "content-type": type },
          payload: JSON.stringify({ chatId: ALICE, text: "typed" }),
        });
        expect(response.statusCode, type).toBe(201);
      }
    });

    it("malformed JSON is a 400, not a 500", async () => {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/sendText",
        headers: { ...t.headers, "content-type": "application/json" },
        payload: "{not json",
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe("WA_VALIDATION_FAILED");
    });

    it("answers 404 with our code for unknown routes", async () => {
      const response = await get("/api/default/nothing-here");
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({
        statusCode: 404,
        error: "Not Found",
        code: "WA_ROUTE_NOT_FOUND",
      });
    });
  });
});
