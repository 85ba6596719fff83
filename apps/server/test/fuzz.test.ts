/**
 * @module Property test: random strings, numbers and JSON in every route's path parameters, query
 * and body never produce a 5xx and never crash the app (bounded runs, a few seconds).
 */
import fc from "fast-check";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./helpers.ts";

type Method = "GET" | "POST" | "PUT" | "DELETE";

/** Every route, with `{param}` placeholders. */
const ROUTES: Array<[Method, string]> = [
  ["GET", "/api/{session}/chats"],
  ["GET", "/api/{session}/chats/overview"],
  ["POST", "/api/{session}/chats/overview"],
  ["DELETE", "/api/{session}/chats/{chatId}"],
  ["GET", "/api/{session}/chats/{chatId}/picture"],
  ["GET", "/api/{session}/chats/{chatId}/messages"],
  ["DELETE", "/api/{session}/chats/{chatId}/messages"],
  ["POST", "/api/{session}/chats/{chatId}/messages/read"],
  ["GET", "/api/{session}/chats/{chatId}/messages/{messageId}"],
  ["GET", "/api/{session}/chats/{chatId}/messages/{messageId}/reactions"],
  ["DELETE", "/api/{session}/chats/{chatId}/messages/{messageId}"],
  ["PUT", "/api/{session}/chats/{chatId}/messages/{messageId}"],
  ["POST", "/api/{session}/chats/{chatId}/messages/{messageId}/pin"],
  ["POST", "/api/{session}/chats/{chatId}/messages/{messageId}/unpin"],
  ["POST", "/api/{session}/chats/{chatId}/archive"],
  ["POST", "/api/{session}/chats/{chatId}/unarchive"],
  ["POST", "/api/{session}/chats/{chatId}/unread"],
  ["GET", "/api/sessions"],
  ["POST", "/api/sessions"],
  ["GET", "/api/sessions/{session}"],
  ["PUT", "/api/sessions/{session}"],
  ["GET", "/api/sessions/{session}/me"],
  ["POST", "/api/sessions/{session}/stop"],
  ["POST", "/api/sessions/start"],
  ["GET", "/api/{session}/auth/qr"],
  ["POST", "/api/{session}/auth/request-code"],
  ["POST", "/api/sendText"],
  ["GET", "/api/sendText"],
  ["POST", "/api/sendSeen"],
  ["GET", "/api/messages"],
  ["GET", "/api/screenshot"],
  ["GET", "/api/server/version"],
  ["GET", "/health"],
  ["GET", "/engine"],
];

const QUERY_KEYS = [
  "limit",
  "offset",
  "sortBy",
  "sortOrder",
  "merge",
  "ids",
  "ids[]",
  "downloadMedia",
  "refresh",
  "filter.timestamp.lte",
  "filter.timestamp.gte",
  "filter.fromMe",
  "filter.ack",
  "messages",
  "days",
  "all",
  "format",
  "session",
  "phone",
  "text",
  "x-api-key",
];
const BODY_KEYS = [
  "session",
  "chatId",
  "text",
  "reply_to",
  "mentions",
  "messageIds",
  "messageId",
  "participant",
  "duration",
  "messages",
  "days",
  "pagination",
  "filter",
  "name",
  "config",
  "start",
  "engine",
  "phoneNumber",
  "method",
  "linkPreview",
  "logout",
];

/** Values that are almost valid are the interesting ones. */
const value = fc.oneof(
  fc.constantFrom(
    "default",
    "11111111111@c.us",
    "11111111111",
    "true_11111111111@c.us_A1",
    "A3",
    "all",
  ),
  fc.constantFrom(
    "True",
    "0",
    "-1",
    "1e3",
    "NaN",
    "",
    " ",
    "%40",
    "__proto__",
    "READ",
    "asc",
    "86400",
  ),
  fc.string({ maxLength: 30 }),
  fc.integer().map(String),
);
const jsonValue = fc.oneof(
  value,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);
const pathParam = fc.oneof(value, fc.string({ minLength: 1, maxLength: 20 }));

const request = fc.record({
  route: fc.constantFrom(...ROUTES),
  params: fc.record({ session: pathParam, chatId: pathParam, messageId: pathParam }),
  query: fc.dictionary(
    fc.constantFrom(...QUERY_KEYS),
    fc.oneof(value, fc.array(value, { maxLength: 3 })),
    { maxKeys: 4 },
  ),
  body: fc.oneof(
    fc.dictionary(fc.constantFrom(...BODY_KEYS), jsonValue, { maxKeys: 5 }),
    jsonValue,
    fc.constant(undefined),
  ),
  contentType: fc.constantFrom(
    "application/json",
    "application/x-www-form-urlencoded",
    "text/plain",
    undefined,
  ),
});

describe("fuzz: random input never yields a 5xx", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it("holds for every route", async () => {
    await fc.assert(
      fc.asyncProperty(request, async ({ route, params, query, body, contentType }) => {
        const [method, template] = route;
        const url = template.replace(/\{(\w+)\}/g, (_, name: keyof typeof params) =>
          encodeURIComponent(params[name]),
        );
        const options: InjectOptions = {
          method,
          url,
          query: query as Record<string, string>,
          headers: { ...t.headers },
        };
        if (method !== "GET" && body !== undefined) {
          options.payload = typeof body === "string" ? body : (JSON.stringify(body) ?? "");
          if (contentType) options.headers = { ...options.headers, "content-type": contentType };
        }
        const response = await t.app.inject(options);
        expect(
          response.statusCode,
          `${method} ${url} → ${response.body.slice(0, 300)}`,
        ).toBeLessThan(500);
      }),
      { numRuns: 300, seed: Number(process.env.FUZZ_SEED ?? 20261126) },
    );
    expect((await t.app.inject({ url: "/ping" })).statusCode).toBe(200);
    // 300 requests, several of them session lifecycle writes (each fsynced): seconds on a busy
    // machine, so a bound well above vitest's 5 s default.
  }, 60_000);
});
