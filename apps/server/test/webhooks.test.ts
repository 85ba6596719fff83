/**
 * @module Webhooks end to end through the app (memory engine) to a real HTTP receiver on
 * 127.0.0.1, what is sent: envelope and headers, both signatures verified by independent code
 * (node:crypto and the `standardwebhooks` library), which events go out (live messages, not
 * history; the global webhook too), config validation. Delivery (retries, dead letters, order)
 * is in `webhook-delivery.test.ts`.
 */
import { createHmac } from "node:crypto";
import { EVENT_ID_PATTERN } from "@wa/core";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { standardWebhooksSecret } from "../src/events/signatures.ts";
import { deliveries, hook, messages, useWebhookTest } from "./webhook-setup.ts";

const ALICE = "11111111111@c.us";
const KEY = "my-webhook-secret";

describe("webhooks", () => {
  const { receiver, createApp } = useWebhookTest();

  it("POSTs WAHA's envelope with both signatures, verifiable by independent code", async () => {
    const r = await receiver();
    const t = await createApp({
      config: {
        metadata: { crm: "42" },
        webhooks: [
          hook(r.url(), { hmac: { key: KEY }, customHeaders: [{ name: "X-Tenant", value: "t1" }] }),
        ],
      },
    });
    const { id } = await t.world.pushIncomingText(ALICE, "hello webhook");
    const got = await r.until(() => {
      const item = r.received.find((x) => x.envelope?.event === "message");
      expect(item).toBeDefined();
      return item as NonNullable<typeof item>;
    });
    const envelope = got.envelope;
    expect(Object.keys(envelope)).toEqual([
      "id",
      "timestamp",
      "event",
      "session",
      "metadata",
      "me",
      "payload",
      "engine",
      "environment",
    ]);
    expect(envelope).toMatchObject({
      event: "message",
      session: "default",
      metadata: { crm: "42" },
      engine: "MEMORY",
      me: { id: t.world.me.id },
      payload: { id: `false_${ALICE}_${id}`, body: "hello webhook", fromMe: false },
      environment: { tier: "CORE" },
    });
    expect(envelope.id).toMatch(EVENT_ID_PATTERN);
    // The client reads back what it was told about.
    const stored = await t.app.inject({
      method: "GET",
      url: `/api/default/chats/${ALICE}/messages/${envelope.payload.id}`,
      headers: t.headers,
    });
    expect(stored.json()).toEqual(envelope.payload);

    const h = got.headers;
    expect(h["content-type"]).toBe("application/json");
    expect(h["x-tenant"]).toBe("t1");
    expect(h["x-webhook-request-id"]).toBe(envelope.id);
    expect(h["x-webhook-timestamp"]).toBe(String(envelope.timestamp));
    expect(h["x-webhook-hmac-algorithm"]).toBe("sha512");
    expect(h["x-webhook-hmac"]).toBe(createHmac("sha512", KEY).update(got.body).digest("hex"));
    // Standard Webhooks: the library's own verifier, given `whsec_` + base64(key).
    const verifier = new Webhook(standardWebhooksSecret(KEY));
    expect(verifier.verify(got.body, h as Record<string, string>)).toEqual(envelope);
    expect(() => verifier.verify(`${got.body} `, h as Record<string, string>)).toThrow();
    expect(standardWebhooksSecret(KEY)).toBe(`whsec_${Buffer.from(KEY).toString("base64")}`);
  });

  it("without a key: ids and timestamps, no signature headers", async () => {
    const r = await receiver();
    const t = await createApp({ config: { webhooks: [hook(r.url())] } });
    await t.world.pushIncomingText(ALICE, "plain");
    const got = await r.until(() => {
      const item = r.received.find((x) => x.envelope?.event === "message");
      expect(item).toBeDefined();
      return item as NonNullable<typeof item>;
    });
    expect(got.headers["webhook-id"]).toBe(got.envelope.id);
    expect(got.headers["x-webhook-hmac"]).toBeUndefined();
    expect(got.headers["webhook-signature"]).toBeUndefined();
  });

  it("rejects unknown event names and bad webhook fields at create and update, naming them", async () => {
    const t = await createApp({ session: false });
    const create = (config: unknown) =>
      t.app.inject({
        method: "POST",
        url: "/api/sessions",
        headers: t.headers,
        payload: { name: "w", config },
      });
    const bad = await create({
      webhooks: [{ url: "http://127.0.0.1:1/x", events: ["message", "mesage", "chat.archived"] }],
    });
    expect(bad?.statusCode).toBe(400);
    expect(bad?.json().message[0]).toMatch(
      /config\.webhooks\[0\]\.events has unknown event names: "mesage", "chat\.archived"/,
    );
    for (const [config, pattern] of [
      [{ webhooks: [{ url: "ftp://x", events: ["*"] }] }, /url must be an http/],
      [{ webhooks: [{ url: "http://127.0.0.1:1", events: "message" }] }, /events must be an array/],
      [
        { webhooks: [{ url: "http://127.0.0.1:1", events: ["*"], retries: { policy: "random" } }] },
        /policy must be one of/,
      ],
      [
        {
          webhooks: [
            {
              url: "http://127.0.0.1:1",
              events: ["*"],
              customHeaders: [{ name: "X-Webhook-Hmac", value: "x" }],
            },
          ],
        },
        /valid header name/,
      ],
      [{ webhooks: {} }, /must be an array/],
    ] as const) {
      const answer = await create(config);
      expect(answer?.statusCode, JSON.stringify(config)).toBe(400);
      expect(answer?.json().message[0]).toMatch(pattern);
    }
    expect(
      (
        await t.app.inject({ method: "GET", url: "/api/sessions?all=true", headers: t.headers })
      ).json(),
    ).toEqual([]);
    expect(
      (await create({ webhooks: [{ url: "http://127.0.0.1:1/x", events: ["*"] }] }))?.statusCode,
    ).toBe(201);
    const update = await t.app.inject({
      method: "PUT",
      url: "/api/sessions/w",
      headers: t.headers,
      payload: { config: { webhooks: [{ url: "http://127.0.0.1:1/x", events: ["nope"] }] } },
    });
    expect(update.statusCode).toBe(400);
    expect(update.json().message[0]).toMatch(/"nope"/);
  });

  it("history gives no message webhook; a live message gives one of each; the global webhook gets them too", async () => {
    const r = await receiver();
    const global = await receiver();
    const { readGlobalWebhook } = await import("../src/events/webhook-config.ts");
    const t = await createApp({
      config: { webhooks: [hook(r.url())] },
      events: {
        global: readGlobalWebhook({
          WHATSAPP_HOOK_URL: global.url(),
          WHATSAPP_HOOK_EVENTS: "message",
        }),
      },
    });
    await t.world.pushIncomingText(ALICE, "only live");
    await r.until(() => expect(messages(r, "message.any")).toHaveLength(1));
    await global.until(() => expect(global.accepted()).toHaveLength(1));
    expect(messages(r).map((e) => e.payload.body)).toEqual(["only live"]);
    expect(global.accepted()[0].payload.body).toBe("only live");
    await global.until(async () => {
      const log = await deliveries(t);
      expect(log.filter((x: { global: boolean }) => x.global)).toHaveLength(1);
    });
  });
});
