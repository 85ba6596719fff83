/**
 * @module Webhook delivery end to end through the app (memory engine) to real HTTP receivers on
 * 127.0.0.1: a receiver that is down and comes back, retries with the same request id,
 * Retry-After, dead letters and redelivery, per-chat order, a slow receiver holding up nothing
 * else.
 */
import { describe, expect, it } from "vitest";
import { deliveries, hook, messages, useWebhookTest } from "./webhook-setup.ts";

const ALICE = "11111111111@c.us";
const GROUP = "123456789-987654321@g.us";

describe("webhook delivery", () => {
  const { receiver, createApp } = useWebhookTest();

  it("a receiver that is down for a while gets everything once back; retries reuse the request id", async () => {
    const r = await receiver();
    const t = await createApp({
      config: {
        webhooks: [
          hook(r.url(), {
            events: ["message"],
            retries: { policy: "constant", delaySeconds: 0.05, attempts: 100 },
          }),
        ],
      },
    });
    await r.down();
    const sent: string[] = [];
    for (let i = 0; i < 20; i++)
      sent.push(
        (
          await t.world.pushIncomingText(
            i % 2 ? ALICE : GROUP,
            `while down ${i}`,
            i % 2 ? {} : { participant: "22222222222@c.us" },
          )
        ).id,
      );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const failing = await t.app.inject({
      method: "GET",
      url: "/api/default/events/deliveries?status=retrying",
      headers: t.headers,
    });
    expect(failing.json().length).toBeGreaterThan(0);
    expect(failing.json()[0]).toMatchObject({
      webhook: r.url(),
      global: false,
      status: "retrying",
      lastStatus: null,
    });
    expect(failing.json()[0].lastError).toMatch(/ECONNREFUSED|connect/);
    await r.up();
    await r.until(() => expect(messages(r).map((e) => e.payload.body)).toHaveLength(20));
    expect(new Set(messages(r).map((e) => e.payload.id.split("_")[2]))).toEqual(new Set(sent));
    const log = await t.app.inject({
      method: "GET",
      url: "/api/default/events/deliveries?limit=1000",
      headers: t.headers,
    });
    await r.until(async () => {
      const rows = (
        await t.app.inject({
          method: "GET",
          url: "/api/default/events/deliveries?limit=1000",
          headers: t.headers,
        })
      ).json();
      expect(rows.filter((x: { status: string }) => x.status === "delivered")).toHaveLength(20);
    });
    expect(log.statusCode).toBe(200);
  });

  it("retries reuse the request id and honour Retry-After; a 4xx is retried too", async () => {
    const r = await receiver();
    let calls = 0;
    r.answer = () => {
      calls++;
      if (calls === 1) return { status: 503, headers: { "retry-after": "1" } };
      if (calls === 2) return { status: 400 };
      return { status: 200 };
    };
    const t = await createApp({
      config: {
        webhooks: [
          hook(r.url(), { events: ["message"], retries: { delaySeconds: 0.01, attempts: 5 } }),
        ],
      },
    });
    await t.world.pushIncomingText(ALICE, "retry me");
    await r.until(() => expect(r.accepted()).toHaveLength(1));
    const attempts = r.received.filter((x) => x.envelope?.event === "message");
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((x) => x.headers["x-webhook-request-id"])).size).toBe(1);
    expect(new Set(attempts.map((x) => x.body)).size).toBe(1);
    // Retry-After: 1 s beats the 10 ms policy delay; the 400's retry follows the policy.
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    await r.until(async () => {
      const log = await deliveries(t);
      expect(log.find((x: { event: string }) => x.event === "message")).toMatchObject({
        status: "delivered",
        attempts: 3,
        lastStatus: 200,
      });
    });
  });

  it("exhausted attempts make a dead letter; redelivery sends it again", async () => {
    const r = await receiver();
    r.answer = () => ({ status: 500 });
    const t = await createApp({
      config: {
        webhooks: [
          hook(r.url(), { events: ["message"], retries: { delaySeconds: 0, attempts: 2 } }),
        ],
      },
    });
    await t.world.pushIncomingText(ALICE, "doomed");
    const deadUrl = "/api/default/events/dead-letters";
    const dead = await r.until(async () => {
      const rows = (await t.app.inject({ method: "GET", url: deadUrl, headers: t.headers })).json();
      expect(rows).toHaveLength(1);
      return rows[0];
    });
    expect(dead).toMatchObject({
      status: "dead",
      attempts: 3,
      lastStatus: 500,
      lastError: "HTTP 500",
      event: "message",
    });
    expect(r.received.filter((x) => x.envelope?.event === "message")).toHaveLength(3);
    r.answer = () => ({ status: 200 });
    const again = await t.app.inject({
      method: "POST",
      url: `${deadUrl}/redeliver`,
      headers: t.headers,
      payload: { ids: [dead.eventId] },
    });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual({ redelivered: 1 });
    await r.until(() => expect(r.accepted().map((e) => e.id)).toEqual([dead.eventId]));
    await r.until(async () => {
      const rows = (await t.app.inject({ method: "GET", url: deadUrl, headers: t.headers })).json();
      expect(rows).toEqual([]);
    });
  });

  it("the events of one chat arrive in order, with deliveries to several chats in flight", async () => {
    const r = await receiver();
    // Slow, uneven answers: without per-chat order, later events would overtake earlier ones.
    r.answer = (item) => ({ status: 200, delayMs: (item.body.length * 7) % 23 });
    const t = await createApp({ config: { webhooks: [hook(r.url(), { events: ["message"] })] } });
    const chats = [ALICE, "33333333333@c.us", "44444444444@c.us", "55555555555@c.us"];
    for (let i = 0; i < 80; i++) {
      const chatId = chats[i % chats.length] as string;
      await t.world.pushIncomingText(chatId, `n${i}`);
    }
    await r.until(() => expect(messages(r)).toHaveLength(80));
    for (const chatId of chats) {
      const bodies = messages(r)
        .filter((e) => e.payload.from === chatId)
        .map((e) => Number(e.payload.body.slice(1)));
      expect(bodies).toEqual([...bodies].sort((a, b) => a - b));
      expect(bodies).toHaveLength(20);
    }
    // ...while chats did overlap: arrivals interleave across chats.
    const arrivalChats = messages(r).map((e) => e.payload.from);
    expect(arrivalChats.slice(0, 8)).not.toEqual(Array(8).fill(arrivalChats[0]));
  });

  it("a receiver answering after 10 s delays neither another receiver nor the store", async () => {
    const slow = await receiver();
    const fast = await receiver();
    slow.answer = () => ({ status: 200, delayMs: 10_000 });
    const t = await createApp({
      config: {
        webhooks: [
          hook(slow.url(), { events: ["message"] }),
          hook(fast.url(), { events: ["message"] }),
        ],
      },
      events: { delivery: { concurrency: 2, timeoutMs: 15_000 } },
    });
    const started = Date.now();
    for (let i = 0; i < 30; i++)
      await t.world.pushIncomingText(`${10_000_000_000 + i}@c.us`, `m${i}`);
    await fast.until(() => expect(messages(fast)).toHaveLength(30), 5_000);
    const fastDone = Date.now() - started;
    expect(fastDone).toBeLessThan(5_000);
    // The store took every message while the slow receiver held both of its connections.
    expect((await t.app.ctx.store.counts("default")).messages).toBeGreaterThanOrEqual(30 + 4);
    expect(messages(slow).length).toBeLessThanOrEqual(2);
    await slow.until(() => expect(messages(slow).length).toBeGreaterThanOrEqual(2), 15_000);
  }, 30_000);
});
