/** @module The generated OpenAPI document: valid OpenAPI 3, every route listed and documented. */
import { validate } from "@readme/openapi-parser";
import { EMITTED_EVENT_NAMES } from "@wa/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./helpers.ts";

type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
};
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};

/** Every route we serve, in OpenAPI path syntax. */
const ROUTES = [
  "GET /api/{session}/chats",
  "GET /api/{session}/chats/overview",
  "POST /api/{session}/chats/overview",
  "DELETE /api/{session}/chats/{chatId}",
  "GET /api/{session}/chats/{chatId}/picture",
  "GET /api/{session}/events",
  "GET /api/{session}/events/dead-letters",
  "GET /api/{session}/events/deliveries",
  "GET /api/{session}/chats/{chatId}/messages",
  "DELETE /api/{session}/chats/{chatId}/messages",
  "POST /api/{session}/chats/{chatId}/messages/read",
  "GET /api/{session}/chats/{chatId}/messages/{messageId}",
  "GET /api/{session}/chats/{chatId}/messages/{messageId}/reactions",
  "GET /api/files/{session}/{file}",
  "DELETE /api/{session}/chats/{chatId}/messages/{messageId}",
  "PUT /api/{session}/chats/{chatId}/messages/{messageId}",
  "POST /api/{session}/chats/{chatId}/messages/{messageId}/pin",
  "POST /api/{session}/chats/{chatId}/messages/{messageId}/unpin",
  "POST /api/{session}/chats/{chatId}/archive",
  "POST /api/{session}/chats/{chatId}/unarchive",
  "POST /api/{session}/chats/{chatId}/unread",
  "POST /api/{session}/events/dead-letters/redeliver",
  "GET /api/sessions",
  "POST /api/sessions",
  "GET /api/sessions/{session}",
  "PUT /api/sessions/{session}",
  "DELETE /api/sessions/{session}",
  "GET /api/sessions/{session}/me",
  "POST /api/sessions/{session}/start",
  "POST /api/sessions/{session}/stop",
  "POST /api/sessions/{session}/restart",
  "POST /api/sessions/{session}/logout",
  "POST /api/sessions/start",
  "POST /api/sessions/stop",
  "POST /api/sessions/logout",
  "GET /api/{session}/auth/qr",
  "POST /api/{session}/auth/request-code",
  "POST /api/sendText",
  "GET /api/sendText",
  "POST /api/sendSeen",
  "GET /api/messages",
  "GET /api/screenshot",
  "GET /api/server/version",
  "GET /api/server/status",
  "GET /api/version",
  "GET /health",
  "GET /ping",
  "GET /engine",
];

describe("OpenAPI document", () => {
  let t: TestApp;
  let document: Document;

  beforeAll(async () => {
    t = await createTestApp({ session: false });
    document = (await t.app.inject({ url: "/-json" })).json();
  });
  afterAll(() => t.close());

  it("is a valid OpenAPI 3 document", async () => {
    expect(document.openapi).toMatch(/^3\./);
    const result = await validate(structuredClone(document) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
  });

  it("documents a webhook per emitted event, its envelope resolving to component schemas", () => {
    const webhooks = (document as unknown as { webhooks: Record<string, { post: Operation }> })
      .webhooks;
    expect(Object.keys(webhooks).sort()).toEqual([...EMITTED_EVENT_NAMES].sort());
    const message = JSON.stringify(webhooks.message);
    expect(message).toContain('"$ref":"#/components/schemas/WAMessage"');
    expect(Object.keys(document.components.schemas)).toContain("WAMessage");
  });

  it("lists exactly the routes we serve", () => {
    const listed = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(listed.sort()).toEqual([...ROUTES].sort());
  });

  it("gives every route a summary, a description, WAHA tags and shared error responses", () => {
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const name = `${method.toUpperCase()} ${path}`;
        expect(operation.summary, name).toBeTruthy();
        expect(operation.description, name).toBeTruthy();
        expect(operation.tags?.length, name).toBe(1);
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          if (Number(status) < 400) continue;
          const ref = response.content?.["application/json"]?.schema?.$ref;
          expect(ref, `${name} ${status}`).toBe("#/components/schemas/WahaError");
        }
      }
    }
  });

  it("documents 401 on /api routes and 501 on routes that need a capability", () => {
    const archive = document.paths["/api/{session}/chats/{chatId}/archive"]?.post;
    expect(Object.keys(archive?.responses ?? {})).toEqual(
      expect.arrayContaining(["201", "401", "422", "501"]),
    );
    expect(archive?.description).toContain("chats.archive");
    const ping = document.paths["/ping"]?.get as Operation & { security?: unknown[] };
    expect(ping.responses?.["401"]).toBeUndefined();
    expect(ping.security).toEqual([]);
  });
});
