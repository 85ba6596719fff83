/** @module Sessions API and WAHA's session pipe (422s) through `inject()`. */
import { createMemoryEngine, createMemoryWorld, MEMORY_CREDS_KEY } from "@wa/engine-testkit";
import { afterEach, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import type { EngineRegistry } from "../src/engines.ts";
import { createTestApp, type TestApp, waitUntil, waitWorking } from "./helpers.ts";
import { openTestStore } from "./test-store.ts";

type Method = "GET" | "POST" | "PUT" | "DELETE";

describe("sessions API", () => {
  let t: TestApp;
  const request = (method: Method, url: string, payload?: object) =>
    t.app.inject({ method, url, headers: t.headers, ...(payload ? { payload } : {}) });

  afterEach(() => t.close());

  it("POST creates and starts by default (201), GET shows it WORKING with its account", async () => {
    t = await createTestApp({ session: false });
    const created = await request("POST", "/api/sessions", {
      name: "one",
      config: { metadata: { a: "1" } },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: "one", config: { metadata: { a: "1" } } });
    await waitWorking(t.app, "one");
    const info = (await request("GET", "/api/sessions/one")).json();
    expect(info).toMatchObject({
      name: "one",
      status: "WORKING",
      engine: { engine: "MEMORY" },
      presence: null,
    });
    expect(info.me.id).toBe(t.world.me.id);
    expect((await request("GET", "/api/sessions/one/me")).json()).toMatchObject({
      id: t.world.me.id,
    });
  });

  it("publishes every applied event, with the outbox events it wrote, on the in-process bus", async () => {
    t = await createTestApp();
    const seen: string[] = [];
    const unsubscribe = t.app.ctx.bus.subscribe(({ session, events, committed }) => {
      for (const event of events) seen.push(`${session}:${event.type}`);
      for (const event of committed) seen.push(`${session}:committed:${event.event}`);
    });
    await t.world.pushIncomingText("11111111111@c.us", "ping");
    await waitUntil(() => seen.includes("default:committed:message.any"));
    expect(seen).toContain("default:message.upsert");
    expect(seen).toContain("default:committed:message");
    unsubscribe();
  });

  it("start:false creates a STOPPED session; list hides it unless all=true", async () => {
    t = await createTestApp({ session: false });
    const created = await request("POST", "/api/sessions", { name: "idle", start: false });
    expect(created.json().status).toBe("STOPPED");
    expect((await request("GET", "/api/sessions")).json()).toEqual([]);
    const all = (await request("GET", "/api/sessions?all=True")).json();
    expect(all.map((s: { name: string }) => s.name)).toEqual(["idle"]);
    expect((await request("GET", "/api/sessions/idle/me")).json()).toBeNull();
  });

  it("generates a name when none is given", async () => {
    t = await createTestApp({ session: false });
    const created = await request("POST", "/api/sessions", { start: false });
    expect(created.json().name).toMatch(/^session_[0-9a-f]{26}$/);
  });

  it("answers 422 for an existing name and 400 for an invalid one", async () => {
    t = await createTestApp();
    const existing = await request("POST", "/api/sessions", { name: "default" });
    expect(existing.statusCode).toBe(422);
    expect(existing.json()).toMatchObject({
      statusCode: 422,
      message: "Session 'default' already exists. Use PUT to update it.",
      code: "WA_SESSION_EXISTS",
    });
    for (const name of ["../etc", "a b", "x".repeat(55)]) {
      const invalid = await request("POST", "/api/sessions", { name });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json().code).toBe("WA_SESSION_NAME_INVALID");
    }
  });

  it("404 for a missing session on get, start, stop, restart, logout and PUT; DELETE is idempotent", async () => {
    t = await createTestApp({ session: false });
    expect((await request("GET", "/api/sessions/ghost")).json()).toMatchObject({
      statusCode: 404,
      message: "Session not found",
      code: "WA_SESSION_NOT_FOUND",
    });
    for (const action of ["start", "stop", "restart", "logout"]) {
      expect((await request("POST", `/api/sessions/ghost/${action}`)).statusCode).toBe(404);
    }
    expect((await request("PUT", "/api/sessions/ghost", { config: {} })).statusCode).toBe(404);
    expect((await request("DELETE", "/api/sessions/ghost")).statusCode).toBe(200);
  });

  it("stop, start, restart and logout answer 201 with the session", async () => {
    t = await createTestApp();
    const stopped = await request("POST", "/api/sessions/default/stop");
    expect(stopped.statusCode).toBe(201);
    expect(stopped.json()).toMatchObject({ name: "default", status: "STOPPED" });
    expect((await request("POST", "/api/sessions/default/stop")).statusCode).toBe(201);
    expect((await request("POST", "/api/sessions/default/start")).statusCode).toBe(201);
    await waitWorking(t.app, "default");
    expect((await request("POST", "/api/sessions/default/restart")).statusCode).toBe(201);
    await waitWorking(t.app, "default");
    const loggedOut = await request("POST", "/api/sessions/default/logout");
    expect(loggedOut.statusCode).toBe(201);
    expect(loggedOut.json().status).not.toBe("STOPPED"); // it was running, so it starts again
  });

  it("logout of a stopped session clears its credentials and keeps it stopped", async () => {
    t = await createTestApp();
    const auth = t.app.ctx.store.authState("default");
    expect(await auth.get(MEMORY_CREDS_KEY)).not.toBeNull();
    await request("POST", "/api/sessions/default/stop");
    const loggedOut = await request("POST", "/api/sessions/default/logout");
    expect(loggedOut.json()).toMatchObject({ status: "STOPPED" });
    expect(await auth.get(MEMORY_CREDS_KEY)).toBeNull();
  });

  it("PUT replaces the config and restarts a running session", async () => {
    t = await createTestApp();
    const updated = await request("PUT", "/api/sessions/default", {
      config: { metadata: { b: "2" } },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().config).toEqual({ metadata: { b: "2" } });
    await waitWorking(t.app, "default");
  });

  it("DELETE removes the session and its data", async () => {
    t = await createTestApp();
    expect((await request("DELETE", "/api/sessions/default")).statusCode).toBe(200);
    expect((await request("GET", "/api/sessions/default")).statusCode).toBe(404);
    expect((await t.app.ctx.store.counts("default")).messages).toBe(0);
  });

  it("an unknown engine is a 400; engine names are case-insensitive", async () => {
    t = await createTestApp({ session: false });
    expect(
      (await request("POST", "/api/sessions", { name: "x", engine: "WEBJS" })).statusCode,
    ).toBe(400);
    const created = await request("POST", "/api/sessions", {
      name: "y",
      engine: "MeMoRy",
      start: false,
    });
    expect(created.statusCode).toBe(201);
    expect((await request("GET", "/api/sessions/y")).json().engine).toEqual({ engine: "MEMORY" });
  });

  describe("WAHA's session pipe on chats routes", () => {
    it("422 without statusCode for an unknown session", async () => {
      t = await createTestApp();
      const response = await request("GET", "/api/nope/chats");
      expect(response.statusCode).toBe(422);
      expect(response.json()).toEqual({
        error: 'Session "nope" does not exist',
        session: "nope",
        code: "WA_SESSION_NOT_READY",
      });
    });

    it("422 on every session-scoped route for an unknown session", async () => {
      t = await createTestApp();
      const chat = "/api/ghost/chats/11111111111@c.us";
      const message = `${chat}/messages/true_11111111111@c.us_A1`;
      const routes: Array<[Method, string, object?]> = [
        ["GET", "/api/ghost/chats"],
        ["GET", "/api/ghost/chats/overview"],
        ["POST", "/api/ghost/chats/overview"],
        ["DELETE", chat],
        ["GET", `${chat}/picture`],
        ["POST", `${chat}/archive`],
        ["POST", `${chat}/unarchive`],
        ["POST", `${chat}/unread`],
        ["GET", `${chat}/messages`],
        ["DELETE", `${chat}/messages`],
        ["POST", `${chat}/messages/read`],
        ["GET", message],
        ["GET", `${message}/reactions`],
        ["PUT", message, { text: "x" }],
        ["DELETE", message],
        ["POST", `${message}/pin`, { duration: 86400 }],
        ["POST", `${message}/unpin`],
        ["GET", "/api/ghost/auth/qr"],
        ["POST", "/api/ghost/auth/request-code", { phoneNumber: "1" }],
        ["POST", "/api/sendText", { session: "ghost", chatId: "1@c.us", text: "x" }],
        ["POST", "/api/sendSeen", { session: "ghost", chatId: "1@c.us" }],
      ];
      for (const [method, url, payload] of routes) {
        const response = await request(method, url, payload);
        expect(response.statusCode, `${method} ${url}`).toBe(422);
        expect(response.json(), `${method} ${url}`).toEqual({
          error: 'Session "ghost" does not exist',
          session: "ghost",
          code: "WA_SESSION_NOT_READY",
        });
      }
    });

    it("422 with status STOPPED for a stopped session", async () => {
      t = await createTestApp();
      await request("POST", "/api/sessions/default/stop");
      const response = await request("GET", "/api/default/chats/overview");
      expect(response.json()).toEqual({
        error: "Session status is not as expected. Try again later or restart the session",
        session: "default",
        status: "STOPPED",
        expected: ["WORKING"],
        code: "WA_SESSION_NOT_READY",
      });
    });

    it("422 with the current status for a session waiting for its QR", async () => {
      t = await createTestApp({ autoPair: false });
      await waitUntil(() => t.app.ctx.sessions.live("default")?.status === "SCAN_QR_CODE");
      const response = await request("GET", "/api/default/chats");
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({ status: "SCAN_QR_CODE", expected: ["WORKING"] });
    });

    it("validation errors come back as 400 before the session wait", async () => {
      t = await createTestApp();
      expect((await request("GET", "/api/nope/chats?limit=-1")).statusCode).toBe(400);
    });
  });
});

describe("engines that fail and sessions after a restart", () => {
  it("an engine module that fails to load leaves the session FAILED, not the server down", async () => {
    const { store, close: closeStore } = await openTestStore();
    const engines: EngineRegistry = {
      broken: async () => {
        throw new Error("Cannot find package '@wa/engine-broken'");
      },
    };
    const app = await buildApp({
      store,
      apiKey: null,
      engines,
      defaultEngine: "broken",
      logger: false,
    });
    const created = await app.inject({
      method: "POST",
      url: "/api/sessions",
      payload: { name: "s" },
    });
    expect(created.statusCode).toBe(201);
    await waitUntil(() => app.ctx.sessions.live("s")?.status === "FAILED");
    const info = (await app.inject({ url: "/api/sessions/s" })).json();
    expect(info.status).toBe("FAILED");
    expect(info.failure).toMatch(/^WA_ENGINE_NOT_INSTALLED: .*could not be loaded/);
    expect((await app.inject({ url: "/ping" })).statusCode).toBe(200);
    await app.close();
    await closeStore();
  });

  it("sessions that were running start again by themselves", async () => {
    const { store, close: closeStore } = await openTestStore();
    const world = createMemoryWorld();
    const engines: EngineRegistry = {
      memory: async () => ({ createEngine: () => createMemoryEngine({ world, autoPair: true }) }),
    };
    const options = {
      store,
      apiKey: null,
      engines,
      defaultEngine: "memory",
      logger: false,
    } as const;
    const first = await buildApp(options);
    await first.inject({ method: "POST", url: "/api/sessions", payload: { name: "kept" } });
    await first.inject({
      method: "POST",
      url: "/api/sessions",
      payload: { name: "idle", start: false },
    });
    await waitWorking(first, "kept");
    await first.close();
    const second = await buildApp(options);
    await second.ctx.sessions.restore(0);
    await waitWorking(second, "kept");
    expect(second.ctx.sessions.live("idle")).toBeUndefined();
    await second.close();
    await closeStore();
  });
});
