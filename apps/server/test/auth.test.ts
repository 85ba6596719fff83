/** @module API-key authentication and the pairing routes (QR, pairing code) through `inject()`. */
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createTestApp, type TestApp, waitUntil, waitWorking } from "./helpers.ts";

const UNAUTHORIZED = { message: "Unauthorized", statusCode: 401, code: "WA_AUTH_UNAUTHORIZED" };

describe("API key", () => {
  let t: TestApp;
  afterEach(() => t.close());

  it("401 with WAHA's body without a key or with a wrong one, on /api and /health", async () => {
    t = await createTestApp({ apiKey: "s3cret-key", session: false });
    for (const url of ["/api/sessions", "/api/default/chats", "/health", "/api/unknown-route"]) {
      const missing = await t.app.inject({ url });
      expect(missing.statusCode).toBe(401);
      expect(missing.json()).toEqual(UNAUTHORIZED);
      const wrong = await t.app.inject({ url, headers: { "x-api-key": "s3cret-kez" } });
      expect(wrong.statusCode).toBe(401);
    }
  });

  // Regression: the router decodes `%61` to `a`, so a check on the raw URL let this through.
  it.each(["/%61pi/sessions", "/api/sessions/", "/api/./sessions", "/h%65alth"])(
    "protects %s, another spelling of a protected route",
    async (url) => {
      t = await createTestApp({ apiKey: "s3cret-key", session: false });
      expect((await t.app.inject({ url })).statusCode).not.toBe(200);
    },
  );

  it("accepts the header and the x-api-key query parameter", async () => {
    t = await createTestApp({ apiKey: "s3cret-key", session: false });
    expect(
      (await t.app.inject({ url: "/api/sessions", headers: { "X-Api-Key": "s3cret-key" } }))
        .statusCode,
    ).toBe(200);
    expect((await t.app.inject({ url: "/api/sessions?x-api-key=s3cret-key" })).statusCode).toBe(
      200,
    );
    expect((await t.app.inject({ url: "/health?x-api-key=s3cret-key" })).statusCode).toBe(200);
  });

  it("accepts a sha512:<hex> configured key", async () => {
    const hash = createHash("sha512").update("plain-key").digest("hex");
    t = await createTestApp({ apiKey: `sha512:${hash}`, session: false });
    const ok = await t.app.inject({ url: "/api/sessions", headers: { "x-api-key": "plain-key" } });
    expect(ok.statusCode).toBe(200);
    const hashed = await t.app.inject({
      url: "/api/sessions",
      headers: { "x-api-key": `sha512:${hash}` },
    });
    expect(hashed.statusCode).toBe(401);
  });

  it("leaves /, /-json and /ping open", async () => {
    t = await createTestApp({ apiKey: "s3cret-key", session: false });
    expect((await t.app.inject({ url: "/ping" })).json()).toEqual({ message: "pong" });
    expect((await t.app.inject({ url: "/" })).statusCode).toBe(200);
    expect((await t.app.inject({ url: "/-json" })).json().openapi).toMatch(/^3\./);
  });

  it("leaves excluded paths open (WHATSAPP_API_KEY_EXCLUDE_PATH)", async () => {
    t = await createTestApp({
      apiKey: "s3cret-key",
      session: false,
      apiKeyExcludePaths: ["health", "/api/server/version/"],
    });
    expect((await t.app.inject({ url: "/health" })).statusCode).toBe(200);
    expect((await t.app.inject({ url: "/api/server/version" })).statusCode).toBe(200);
    expect((await t.app.inject({ url: "/api/sessions" })).statusCode).toBe(401);
  });

  it("apiKey null disables authentication", async () => {
    t = await createTestApp({ apiKey: null, session: false });
    expect((await t.app.inject({ url: "/api/sessions" })).statusCode).toBe(200);
  });
});

describe("pairing", () => {
  let t: TestApp;
  afterEach(() => t.close());
  const qrUrl = "/api/default/auth/qr";

  const pairingApp = async () => {
    t = await createTestApp({ autoPair: false });
    await waitUntil(() => t.app.ctx.sessions.live("default")?.status === "SCAN_QR_CODE");
  };

  it("serves the QR as PNG, as base64 JSON, and raw; scanning it makes the session WORKING", async () => {
    await pairingApp();
    const png = await t.app.inject({ url: qrUrl, headers: t.headers });
    expect(png.statusCode).toBe(200);
    expect(png.headers["content-type"]).toBe("image/png");
    expect(png.rawPayload.subarray(1, 4).toString()).toBe("PNG");
    const json = await t.app.inject({
      url: qrUrl,
      headers: { ...t.headers, accept: "application/json" },
    });
    expect(json.json().mimetype).toBe("image/png");
    expect(Buffer.from(json.json().data, "base64").subarray(1, 4).toString()).toBe("PNG");
    const raw = (await t.app.inject({ url: `${qrUrl}?format=raw`, headers: t.headers })).json();
    expect(raw.value).toBe(t.world.currentQr());
    await t.world.scanQr(raw.value);
    await waitWorking(t.app, "default");
  });

  it("GET /api/screenshot answers the QR (NOWEB behaviour), 422 once WORKING", async () => {
    await pairingApp();
    const png = await t.app.inject({ url: "/api/screenshot?session=default", headers: t.headers });
    expect(png.headers["content-type"]).toBe("image/png");
    const json = await t.app.inject({
      url: "/api/screenshot",
      headers: { ...t.headers, accept: "application/json" },
    });
    expect(json.json().mimetype).toBe("image/png");
    await t.world.scanQr(t.world.currentQr() ?? "");
    await waitWorking(t.app, "default");
    expect((await t.app.inject({ url: "/api/screenshot", headers: t.headers })).statusCode).toBe(
      422,
    );
  });

  it("answers 422 for the QR once the session is WORKING", async () => {
    t = await createTestApp();
    const response = await t.app.inject({ url: qrUrl, headers: t.headers });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ status: "WORKING", expected: ["SCAN_QR_CODE"] });
  });

  it("request-code answers 201 {code}; entering it pairs", async () => {
    await pairingApp();
    const response = await t.app.inject({
      method: "POST",
      url: "/api/default/auth/request-code",
      headers: t.headers,
      payload: { phoneNumber: "+12132132130" },
    });
    expect(response.statusCode).toBe(201);
    const { code } = response.json();
    expect(code).toEqual(expect.any(String));
    await t.world.enterPairingCode(code);
    await waitWorking(t.app, "default");
  });

  it("request-code answers 400 without phoneNumber and 501 without the capability", async () => {
    await pairingApp();
    const url = "/api/default/auth/request-code";
    expect(
      (await t.app.inject({ method: "POST", url, headers: t.headers, payload: {} })).statusCode,
    ).toBe(400);
    await t.close();
    t = await createTestApp({ autoPair: false, disable: ["auth.pairing-code"] });
    await waitUntil(() => t.app.ctx.sessions.live("default")?.status === "SCAN_QR_CODE");
    const payload = { phoneNumber: "12132132130" };
    expect(
      (await t.app.inject({ method: "POST", url, headers: t.headers, payload })).statusCode,
    ).toBe(501);
  });
});
