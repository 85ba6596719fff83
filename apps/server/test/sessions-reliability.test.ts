/**
 * @module Issue 15's session defects through the real app (`inject()`, memory engines): a FAILED
 * session really starts again, reads of a STOPPED or FAILED session answer their 422 at once,
 * `WA_MAX_SESSIONS`, and a valid deeply nested JSON body. (Delete racing a restart and the write
 * queue's 503, which need a real engine, are in `e2e-sessions.test.ts`.)
 */
import { createMemoryEngine, createMemoryWorld } from "@wa/engine-testkit";
import { afterEach, describe, expect, it } from "vitest";
import { type App, type AppOptions, buildApp } from "../src/app.ts";
import { MAX_JSON_DEPTH } from "../src/body-parsers.ts";
import type { EngineRegistry } from "../src/engines.ts";
import { waitUntil } from "./helpers.ts";
import { openTestStore, type TestStore } from "./test-store.ts";

let app: App;
let store: TestStore | undefined;

/** An app over memory engines; `loads` counts the engine module loads, the first `failures` throw. */
async function start(options: Partial<AppOptions> = {}, failures = 0) {
  store = await openTestStore();
  const world = createMemoryWorld();
  const loads = { count: 0 };
  const engines: EngineRegistry = {
    memory: async () => {
      loads.count += 1;
      if (loads.count <= failures) throw new Error("Cannot find package '@wa/engine-memory'");
      return { createEngine: () => createMemoryEngine({ world, autoPair: true }) };
    },
  };
  app = await buildApp({
    store: store.store,
    apiKey: null,
    engines,
    defaultEngine: "memory",
    logger: false,
    ...options,
  });
  return loads;
}

const post = (url: string, payload?: unknown) =>
  app.inject({
    method: "POST",
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
const status = async (name: string) =>
  (await app.inject({ url: `/api/sessions/${name}` })).json().status;

afterEach(async () => {
  await app?.close();
  await store?.close();
  store = undefined;
});

describe("session reliability (issue 15)", { timeout: 30_000 }, () => {
  it("start on a FAILED session starts a fresh engine, which can reach WORKING", async () => {
    const loads = await start({}, 1);
    expect((await post("/api/sessions", { name: "s" })).statusCode).toBe(201);
    await waitUntil(() => app.ctx.sessions.live("s")?.status === "FAILED", 10_000);
    const started = await post("/api/sessions/s/start");
    expect(started.statusCode).toBe(201);
    await waitUntil(() => app.ctx.sessions.live("s")?.status === "WORKING", 10_000);
    expect(loads.count).toBe(2);
    expect(await status("s")).toBe("WORKING");
  });

  it("a read of a STOPPED or FAILED session answers its 422 at once, without WAHA's 5 + 10 s wait", async () => {
    // Waits this long would time the test out: answering at all proves nothing waited.
    await start({ sessionWait: { runningMs: 120_000, statusMs: 120_000, pollMs: 5 } }, 1);
    await post("/api/sessions", { name: "failed" });
    await waitUntil(() => app.ctx.sessions.live("failed")?.status === "FAILED", 10_000);
    await post("/api/sessions", { name: "idle", start: false });
    for (const [name, expected] of [
      ["idle", "STOPPED"],
      ["failed", "FAILED"],
    ]) {
      const read = await app.inject({ url: `/api/${name}/chats` });
      expect(read.statusCode, name).toBe(422);
      expect(read.json(), name).toMatchObject({ status: expected, code: "WA_SESSION_NOT_READY" });
    }
  });

  it("a read while the session is STARTING still waits for WORKING", async () => {
    await start({ sessionWait: { runningMs: 10_000, statusMs: 10_000, pollMs: 5 } });
    await post("/api/sessions", { name: "s" });
    const read = await app.inject({ url: "/api/s/chats" });
    expect(read.statusCode).toBe(200);
  });

  it("WA_MAX_SESSIONS: creating one more answers 422 WA_SESSION_LIMIT; after a delete there is room again", async () => {
    await start({ maxSessions: 2 });
    const created = await Promise.all(
      ["a", "b", "c", "d"].map((name) => post("/api/sessions", { name, start: false })),
    );
    expect(created.map((answer) => answer.statusCode).sort()).toEqual([201, 201, 422, 422]);
    const refused = created.find((answer) => answer.statusCode === 422);
    expect(refused?.json()).toMatchObject({
      statusCode: 422,
      code: "WA_SESSION_LIMIT",
      message: expect.stringContaining("maximum of 2 sessions (WA_MAX_SESSIONS)"),
    });
    const list = (await app.inject({ url: "/api/sessions?all=true" })).json();
    expect(list).toHaveLength(2);
    await app.inject({ method: "DELETE", url: `/api/sessions/${list[0].name}` });
    expect((await post("/api/sessions", { name: "e", start: false })).statusCode).toBe(201);
  });

  it("a valid deeply nested JSON body is accepted up to the limit, and past it a 400 says it is nested too deeply", async () => {
    await start();
    const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
    const accepted = await app.inject({
      method: "POST",
      url: "/api/sessions",
      headers: { "content-type": "application/json" },
      payload: `{"name":"deep","start":false,"config":{"metadata":${nested(MAX_JSON_DEPTH - 3)}}}`,
    });
    expect(accepted.statusCode, accepted.body).toBe(201);
    for (const depth of [MAX_JSON_DEPTH + 1, 100_000]) {
      const refused = await app.inject({
        method: "POST",
        url: "/api/sessions",
        headers: { "content-type": "application/json" },
        payload: `{"name":"deeper","config":${nested(depth)}}`,
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().message.join(" ")).toMatch(/nested more than 256 levels deep/);
      expect(refused.body).not.toMatch(/not valid JSON/);
    }
    // Brackets inside strings are text, not nesting.
    const text = await app.inject({
      method: "POST",
      url: "/api/sessions",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ name: "text", start: false, config: { note: "[".repeat(1000) } }),
    });
    expect(text.statusCode).toBe(201);
  });
});
