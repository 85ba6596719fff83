/**
 * @module Response-cache hits answered before Fastify (early-hits.ts), over real HTTP on
 * 127.0.0.1: the same bytes and headers as Fastify's answer from the cache, the same 401s, and
 * every request the early answer must not take reaches Fastify.
 */
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { FastifyBaseLogger } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./helpers.ts";

const ALICE = "11111111111@c.us";
const MESSAGES = `/api/default/chats/${ALICE}/messages`;
const READS = [
  "/api/default/chats",
  "/api/default/chats/overview?limit=20",
  `${MESSAGES}?limit=2&sortOrder=asc`,
  `${MESSAGES}/true_${ALICE}_A1`,
  `${MESSAGES}/true_${ALICE}_A1/reactions`,
];
/** Headers of one connection, not of the answer: inject() has none of them. */
const CONNECTION_HEADERS = ["date", "connection", "keep-alive"];

describe("cache hits answered before Fastify", { timeout: 20_000 }, () => {
  let t: TestApp;
  let base: string;
  /** The requests that reached Fastify (it logs each one, see `reachLogger`). */
  let reached: string[];
  const get = (url: string, headers: Record<string, string> = t.headers) =>
    httpGet(`${base}${url}`, headers);
  /** A GET that Fastify answers (inject() never passes the server's listeners). */
  const inject = (url: string, headers: Record<string, string> = t.headers) =>
    t.app.inject({ method: "GET", url, headers });
  const start = async (level: "info" | "warn" = "warn") => {
    reached = [];
    t = await createTestApp({ logger: reachLogger(level, reached) });
    base = await t.app.listen({ host: "127.0.0.1", port: 0 });
  };
  /** Whether the GET reached Fastify. */
  const reachesFastify = async (url: string, headers?: Record<string, string>) => {
    const before = reached.length;
    const answer = await get(url, headers);
    return { answer, reached: reached.length > before };
  };

  afterEach(() => t.close());

  it("answers a hit itself, with the bytes and headers Fastify sends, and 304", async () => {
    await start();
    for (const url of READS) {
      expect((await reachesFastify(url)).reached, url).toBe(true);
      const hit = await reachesFastify(url);
      expect(hit.reached, url).toBe(false);
      const fastify = await inject(url);
      expect(hit.answer.status, url).toBe(200);
      expect(hit.answer.body.equals(fastify.rawPayload), url).toBe(true);
      expect(answerHeaders(hit.answer.headers), url).toEqual(answerHeaders(fastify.headers));
      const etag = { ...t.headers, "if-none-match": String(fastify.headers.etag) };
      const revalidated = await reachesFastify(url, etag);
      const fastify304 = await inject(url, etag);
      expect([revalidated.reached, revalidated.answer.status], url).toEqual([false, 304]);
      expect(revalidated.answer.body.length).toBe(0);
      expect(answerHeaders(revalidated.answer.headers)).toEqual(answerHeaders(fastify304.headers));
    }
  });

  it("leaves a hit without the key, or with a wrong one, to Fastify's 401", async () => {
    await start();
    const url = READS[1] ?? "";
    await get(url);
    const never = "/api/default/chats?limit=3";
    const unauthorized = await get(never, {});
    expect(unauthorized.status).toBe(401);
    const wrongKeys: Record<string, string>[] = [
      {},
      { "x-api-key": "test-kez" },
      { "x-api-key": "" },
    ];
    for (const headers of wrongKeys) {
      const answer = await reachesFastify(url, headers);
      expect(answer.reached).toBe(true);
      expect([answer.answer.status, answer.answer.body.toString()]).toEqual([
        401,
        unauthorized.body.toString(),
      ]);
    }
    // In the query: a wrong key is Fastify's 401, the right one a hit like any other.
    for (const key of ["test-kez", "test-key&x-api-key=test-kez"]) {
      const answer = await reachesFastify(`${url}&x-api-key=${key}`, {});
      expect([answer.reached, answer.answer.status]).toEqual([true, 401]);
    }
    const withKey = `${url}&x-api-key=test-key`;
    expect((await reachesFastify(withKey, {})).reached).toBe(true);
    const hit = await reachesFastify(withKey, {});
    expect([hit.reached, hit.answer.status]).toEqual([false, 200]);
  });

  it("leaves to Fastify: no-cache, HEAD, a session not WORKING", async () => {
    await start();
    const url = READS[0] ?? "";
    await get(url);
    expect((await reachesFastify(url, { ...t.headers, "cache-control": "no-cache" })).reached).toBe(
      true,
    );
    const head = await httpGet(`${base}${url}`, t.headers, "HEAD");
    expect(head.status).toBe(200);
    expect(reached.at(-1)).toBe(`HEAD ${url}`);
    const sessions = t.app.ctx.sessions;
    const live = sessions.live.bind(sessions);
    sessions.live = (name) => {
      const state = live(name);
      return state && { ...state, status: "STARTING" };
    };
    expect((await reachesFastify(url)).reached).toBe(true);
    sessions.live = live;
    expect((await reachesFastify(url)).reached).toBe(false);
  });

  it("leaves every request to Fastify while it logs requests (level info)", async () => {
    await start("info");
    for (const url of READS) {
      await get(url);
      const again = await reachesFastify(url);
      expect([again.reached, again.answer.status], url).toEqual([true, 200]);
      expect(again.answer.headers.etag, url).toBeDefined();
    }
  });
});

// --- internal ---

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One GET (or HEAD) over its own connection. */
function httpGet(url: string, headers: Record<string, string>, method = "GET"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks),
        }),
      );
    });
    request.once("error", reject);
    request.end();
  });
}

function answerHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !CONNECTION_HEADERS.includes(name)),
  );
}

/**
 * A logger that records each request Fastify logs as "incoming request", whatever its level:
 * with level `warn` it says info is off (as pino would), so the early answer is on, and the
 * record shows which requests reached Fastify anyway.
 */
function reachLogger(level: "info" | "warn", reached: string[]): FastifyBaseLogger {
  const noop = () => {};
  const logger = {
    level,
    isLevelEnabled: (asked: string) => asked !== "info" || level === "info",
    info: (fields: { req?: { method?: string; url?: string } }, message?: string) => {
      if (message === "incoming request") reached.push(`${fields.req?.method} ${fields.req?.url}`);
    },
    warn: noop,
    error: noop,
    fatal: noop,
    debug: noop,
    trace: noop,
    silent: noop,
    child: () => logger,
  };
  return logger as unknown as FastifyBaseLogger;
}
