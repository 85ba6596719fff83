/**
 * @module Drop-in check against WAHA's own OpenAPI document: every operation of the chats, sessions,
 * pairing and chatting extract answers one of WAHA's documented success statuses, with a body that
 * validates against WAHA's response schema (our extra fields allowed).
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp, waitUntil } from "./helpers.ts";
import { documentedStatuses, responseValidator, specOperations } from "./waha-schema.ts";

const ALICE = "11111111111@c.us";
const MSG = `/api/default/chats/${ALICE}/messages`;

interface Case {
  /** `METHOD /spec/path`. */
  operation: string;
  /** Which app answers: the paired one, or the one waiting for its QR. */
  app?: "main" | "pairing";
  request: InjectOptions;
}

/** Ordered so that destructive operations come last. */
const CASES: Case[] = [
  { operation: "GET /api/{session}/chats", request: { url: "/api/default/chats" } },
  {
    operation: "GET /api/{session}/chats/overview",
    request: { url: "/api/default/chats/overview" },
  },
  {
    operation: "POST /api/{session}/chats/overview",
    request: {
      method: "POST",
      url: "/api/default/chats/overview",
      payload: { pagination: { limit: 5 } },
    },
  },
  {
    operation: "GET /api/{session}/chats/{chatId}/picture",
    request: { url: `/api/default/chats/${ALICE}/picture` },
  },
  { operation: "GET /api/{session}/chats/{chatId}/messages", request: { url: MSG } },
  {
    operation: "GET /api/{session}/chats/{chatId}/messages/{messageId}",
    request: { url: `${MSG}/false_${ALICE}_A3` },
  },
  {
    operation: "POST /api/{session}/chats/{chatId}/messages/read",
    request: { method: "POST", url: `${MSG}/read` },
  },
  {
    operation: "POST /api/{session}/chats/{chatId}/messages/{messageId}/pin",
    request: { method: "POST", url: `${MSG}/true_${ALICE}_A1/pin`, payload: { duration: 86400 } },
  },
  {
    operation: "POST /api/{session}/chats/{chatId}/messages/{messageId}/unpin",
    request: { method: "POST", url: `${MSG}/true_${ALICE}_A1/unpin` },
  },
  {
    operation: "PUT /api/{session}/chats/{chatId}/messages/{messageId}",
    request: { method: "PUT", url: `${MSG}/true_${ALICE}_A1`, payload: { text: "edited" } },
  },
  {
    operation: "POST /api/{session}/chats/{chatId}/archive",
    request: { method: "POST", url: `/api/default/chats/${ALICE}/archive` },
  },
  {
    operation: "POST /api/{session}/chats/{chatId}/unarchive",
    request: { method: "POST", url: `/api/default/chats/${ALICE}/unarchive` },
  },
  {
    operation: "POST /api/{session}/chats/{chatId}/unread",
    request: { method: "POST", url: `/api/default/chats/${ALICE}/unread` },
  },
  {
    operation: "POST /api/sendText",
    request: {
      method: "POST",
      url: "/api/sendText",
      payload: { chatId: ALICE, text: "hi", session: "default" },
    },
  },
  {
    operation: "GET /api/sendText",
    request: { url: `/api/sendText?phone=${ALICE}&text=hi&session=default` },
  },
  {
    operation: "POST /api/sendSeen",
    request: {
      method: "POST",
      url: "/api/sendSeen",
      payload: { chatId: ALICE, session: "default" },
    },
  },
  {
    operation: "DELETE /api/{session}/chats/{chatId}/messages/{messageId}",
    request: { method: "DELETE", url: `${MSG}/true_${ALICE}_A1` },
  },
  {
    operation: "DELETE /api/{session}/chats/{chatId}/messages",
    request: { method: "DELETE", url: MSG },
  },
  {
    operation: "DELETE /api/{session}/chats/{chatId}",
    request: { method: "DELETE", url: `/api/default/chats/${ALICE}` },
  },
  {
    operation: "POST /api/sessions",
    request: { method: "POST", url: "/api/sessions", payload: { name: "extra", start: false } },
  },
  { operation: "GET /api/sessions", request: { url: "/api/sessions?all=true" } },
  { operation: "GET /api/sessions/{session}", request: { url: "/api/sessions/default" } },
  { operation: "GET /api/sessions/{session}/me", request: { url: "/api/sessions/default/me" } },
  {
    operation: "PUT /api/sessions/{session}",
    request: {
      method: "PUT",
      url: "/api/sessions/extra",
      payload: { config: { metadata: { a: "b" } } },
    },
  },
  {
    operation: "POST /api/sessions/{session}/start",
    request: { method: "POST", url: "/api/sessions/extra/start" },
  },
  {
    operation: "POST /api/sessions/{session}/restart",
    request: { method: "POST", url: "/api/sessions/extra/restart" },
  },
  {
    operation: "POST /api/sessions/{session}/stop",
    request: { method: "POST", url: "/api/sessions/extra/stop" },
  },
  {
    operation: "POST /api/sessions/{session}/logout",
    request: { method: "POST", url: "/api/sessions/extra/logout" },
  },
  {
    operation: "POST /api/sessions/start",
    request: { method: "POST", url: "/api/sessions/start", payload: { name: "old" } },
  },
  {
    operation: "POST /api/sessions/stop",
    request: { method: "POST", url: "/api/sessions/stop", payload: { name: "old" } },
  },
  {
    operation: "POST /api/sessions/logout",
    request: { method: "POST", url: "/api/sessions/logout", payload: { name: "old" } },
  },
  {
    operation: "DELETE /api/sessions/{session}",
    request: { method: "DELETE", url: "/api/sessions/extra" },
  },
  {
    operation: "GET /api/{session}/auth/qr",
    app: "pairing",
    request: { url: "/api/default/auth/qr", headers: { accept: "application/json" } },
  },
  {
    operation: "POST /api/{session}/auth/request-code",
    app: "pairing",
    request: {
      method: "POST",
      url: "/api/default/auth/request-code",
      payload: { phoneNumber: "12132132130" },
    },
  },
];

/** The team's reference copy: CI puts `shared/` beside the clone (`<repo>/../shared`). */
const SHARED_SPEC = fileURLToPath(
  new URL("../../../../shared/spec/waha-openapi-chats.json", import.meta.url),
);
const VENDORED_SPEC = fileURLToPath(new URL("./fixtures/waha-openapi-chats.json", import.meta.url));

/** Operations of the document we deliberately do not serve. */
const NOT_SERVED: Record<string, string> = {
  "GET /api/{session}/auth/passkey/challenge": "GOWS-only passkey pairing (WAHA 2026.7)",
  "POST /api/{session}/auth/passkey": "GOWS-only passkey pairing (WAHA 2026.7)",
  "GET /api/{session}/auth/passkey/confirmation": "GOWS-only passkey pairing (WAHA 2026.7)",
  "POST /api/{session}/auth/passkey/confirm": "GOWS-only passkey pairing (WAHA 2026.7)",
};

describe("WAHA OpenAPI compliance", () => {
  let main: TestApp;
  let pairing: TestApp;

  beforeAll(async () => {
    main = await createTestApp();
    pairing = await createTestApp({ autoPair: false });
    await waitUntil(() => pairing.app.ctx.sessions.live("default")?.status === "SCAN_QR_CODE");
  });
  afterAll(async () => {
    await main.close();
    await pairing.close();
  });

  it("covers every operation of the document (or names why not)", () => {
    const covered = new Set([...CASES.map((c) => c.operation), ...Object.keys(NOT_SERVED)]);
    expect(specOperations().filter((operation) => !covered.has(operation))).toEqual([]);
  });

  // Skipped only where shared/ is not checked out beside the repository (the vendored copy is used).
  it.skipIf(!existsSync(SHARED_SPEC))(
    "the vendored copy matches ../shared/spec (when present)",
    () => {
      expect(readFileSync(VENDORED_SPEC, "utf8")).toBe(readFileSync(SHARED_SPEC, "utf8"));
    },
  );

  it("the validators do reject bodies that break WAHA's schema", () => {
    const messages = responseValidator("get", "/api/{session}/chats/{chatId}/messages", 200);
    expect(messages?.([{ timestamp: 1, from: "x", fromMe: "no" }])).toBe(false);
    const overview = responseValidator("get", "/api/{session}/chats/overview", 200);
    expect(overview?.([{ id: "1@c.us", picture: null, lastMessage: null, _chat: {} }])).toBe(false);
    const picture = responseValidator("get", "/api/{session}/chats/{chatId}/picture", 200);
    expect(picture?.({ url: 5 })).toBe(false);
  });

  // Sequential on purpose: later cases delete what earlier ones read.
  it.each(CASES)("$operation", async ({ operation, app, request }) => {
    const t = app === "pairing" ? pairing : main;
    const [method = "", path = ""] = operation.split(" ");
    const response = await t.app.inject({
      ...request,
      headers: { ...t.headers, ...request.headers },
    });
    expect(documentedStatuses(method.toLowerCase(), path), response.body).toContain(
      response.statusCode,
    );
    const validate = responseValidator(method.toLowerCase(), path, response.statusCode);
    if (!validate) return;
    const valid = validate(response.json());
    expect(validate.errors ?? [], response.body.slice(0, 500)).toEqual([]);
    expect(valid).toBe(true);
  });
});
