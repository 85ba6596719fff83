/**
 * @module Property test: random strings, numbers and JSON in the path parameters, query and body of
 * every route of the OpenAPI document never produce a 5xx and never crash the app (bounded runs, a
 * few seconds). The chaos test (`pnpm test:chaos`) sends 20,000 of these over HTTP.
 */
import fc from "fast-check";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fuzzPath,
  fuzzPayload,
  fuzzRequests,
  type Route,
  routesFromOpenApi,
} from "./fuzz-requests.ts";
import { createTestApp, type TestApp } from "./helpers.ts";

describe("fuzz: random input never yields a 5xx", () => {
  let t: TestApp;
  let routes: Route[];
  beforeAll(async () => {
    t = await createTestApp();
    routes = routesFromOpenApi((await t.app.inject({ url: "/-json" })).json());
  });
  afterAll(() => t.close());

  it("the OpenAPI document lists the routes the fuzzer needs", () => {
    const paths = routes.map(([method, path]) => `${method} ${path}`);
    expect(paths).toContain("POST /api/{session}/chats/{chatId}/archive");
    expect(paths).toContain("DELETE /api/sessions/{session}");
    expect(paths).toContain("POST /api/sendText");
    expect(routes.length).toBeGreaterThan(40);
  });

  it("holds for every route", async () => {
    await fc.assert(
      fc.asyncProperty(fuzzRequests(routes), async (generated) => {
        const [method] = generated.route;
        const url = fuzzPath(generated);
        const options: InjectOptions = {
          method,
          url,
          query: generated.query,
          headers: { ...t.headers },
        };
        const payload = fuzzPayload(generated);
        if (payload !== undefined) {
          options.payload = payload;
          const { contentType } = generated;
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
