/**
 * Webhook delivery shared by instances on one database, through delivery holds: a stopped
 * session's events still go out after the instance that drove it shut down, a former owner's
 * retry is not sent a second time by the instance that took the session over, and the holds
 * themselves (one holder at a time, given back at once, taken over when they lapse).
 */
import { createMemoryWorld, type MemoryWorld } from "@wa/engine-testkit";
import { createSqliteStore, type Store } from "@wa/store";
import { hasPostgres, type PostgresCluster, startPostgres } from "@wa/store/testing";
import postgresClient from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type Instance, startInstance, stopInstance } from "../../test/cluster-instances.ts";
import { type Receiver, startReceiver } from "../../test/webhook-receiver.ts";
import { deliveryHolds } from "./delivery-holds.ts";
import { ensureClusterSchema } from "./schema.ts";

const ALICE = "11111111111@c.us";

describe.skipIf(!hasPostgres())("webhooks with several instances", () => {
  let postgres: PostgresCluster;
  let store: Store;
  let world: MemoryWorld;
  let receiver: Receiver;
  let instances: Instance[] = [];

  const start = async () => {
    const instance = await startInstance({ databaseUrl: postgres.url, store, world });
    instances.push(instance);
    return instance;
  };
  const hooked = (name: string) => ({
    name,
    config: {
      webhooks: [
        {
          url: receiver.url(),
          events: ["message", "session.status"],
          retries: { policy: "constant", delaySeconds: 1, attempts: 30 },
        },
      ],
    },
  });
  const accepted = (session: string, event: string) =>
    receiver.accepted().filter((e) => e.session === session && e.event === event);
  const ownerOf = async (name: string, candidates: Instance[]) => {
    let owner: Instance | undefined;
    await vi.waitFor(
      () => {
        owner = candidates.find((i) => i.app.ctx.sessions.live(name)?.status === "WORKING");
        expect(owner).toBeDefined();
      },
      { timeout: 10_000 },
    );
    return owner as Instance;
  };

  /**
   * Two instances, a hooked session on one of them and a message whose first POST the receiver
   * refuses with `Retry-After: retryAfterS`; resolves once that refusal happened.
   */
  const refusedOnce = async (session: string, body: string, retryAfterS: number) => {
    receiver = await startReceiver();
    const [a, b] = [await start(), await start()];
    let refused = 0;
    receiver.answer = (request) => {
      if (request.envelope?.payload?.body !== body || refused > 0) return { status: 200 };
      refused++;
      return { status: 503, headers: { "retry-after": String(retryAfterS) } };
    };
    expect((await a.call("POST", "/api/sessions", hooked(session))).status).toBe(201);
    const owner = await ownerOf(session, [a, b]);
    await world.pushIncomingText(ALICE, body);
    await receiver.until(() => expect(refused).toBe(1));
    return { owner, other: owner === a ? b : a };
  };

  beforeAll(async () => {
    postgres = await startPostgres({ settings: { fsync: "off" } });
    store = createSqliteStore({ file: ":memory:" });
    world = createMemoryWorld();
  }, 60_000);
  afterEach(async () => {
    for (const instance of instances) await stopInstance(instance);
    instances = [];
    await receiver?.close();
  });
  afterAll(async () => {
    await store?.close();
    await postgres?.stop();
  });

  it("a stopped session's events still go out after the instance that drove it shut down", async () => {
    receiver = await startReceiver();
    const [a, b] = [await start(), await start()];
    await receiver.down();
    expect((await a.call("POST", "/api/sessions", hooked("stopped"))).status).toBe(201);
    const owner = await ownerOf("stopped", [a, b]);
    const { id } = await world.pushIncomingText(ALICE, "while the receiver is down");
    await vi.waitFor(async () => {
      const page = await owner.call("GET", `/api/stopped/chats/${ALICE}/messages?limit=5`);
      expect(page.body.map((m: { id: string }) => m.id)).toContain(`false_${ALICE}_${id}`);
    });
    // Stopped (its lease is given up: nobody drives it now), then its instance shuts down.
    expect((await owner.call("POST", "/api/sessions/stopped/stop")).body.status).toBe("STOPPED");
    await stopInstance(owner);
    await receiver.up();
    // The instance left sends what was pending: the message and the statuses up to STOPPED.
    await receiver.until(() => {
      expect(accepted("stopped", "message").map((e) => e.payload.id)).toEqual([
        `false_${ALICE}_${id}`,
      ]);
      const statuses = accepted("stopped", "session.status").map((e) => e.payload.status);
      expect(statuses.at(-1)).toBe("STOPPED");
    }, 20_000);
  }, 60_000);

  it("a former owner's retry is sent once: the instance that took the session over does not send it again", async () => {
    const retried = "answered 503 first";
    // The former owner retries in 3 s: by then the session runs on the other instance.
    const { other } = await refusedOnce("moved", retried, 3);
    // The owner loses the session's lease (as when it was cut off for a while): it stops the
    // session at its next renewal, and the other instance takes it over.
    const sql = postgresClient(postgres.url, { max: 1, onnotice: () => undefined });
    try {
      await sql`UPDATE wa_session_leases SET owner = 'gone', expires_at = now() WHERE session = 'moved'`;
    } finally {
      await sql.end();
    }
    await ownerOf("moved", [other]);
    await receiver.until(() => expect(accepted("moved", "message")).toHaveLength(1), 15_000);
    // Both would have sent it by now (each 3 s after the refusal); only one did.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const bodies = receiver.received
      .filter((r) => r.envelope?.payload?.body === retried)
      .map((r) => r.envelope.id);
    expect(bodies).toHaveLength(2); // the refused POST and its one retry
    expect(accepted("moved", "message")).toHaveLength(1);
  }, 60_000);

  it("an instance that cannot renew its hold stops sending before another instance takes over", async () => {
    const retried = "retried after the hold lapsed";
    // Retried later than the holder's hold lets it send (5 s after its last renewal).
    const { owner, other } = await refusedOnce("cut", retried, 7);
    // The owner's hold renewals fail from now on (its database is out of reach for them).
    const take = vi
      .spyOn(owner.cluster.deliveryHolds, "take")
      .mockRejectedValue(new Error("cut off from the database"));
    try {
      await receiver.until(() => expect(accepted("cut", "message")).toHaveLength(1), 20_000);
      // Sent by the other instance once the hold lapsed; the owner never sent its retry.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(receiver.received.filter((r) => r.envelope?.payload?.body === retried)).toHaveLength(
        2,
      );
      expect(owner.app.ctx.sessions.live("cut")?.status).toBe("WORKING"); // still drives it
      expect(other.app.ctx.sessions.live("cut")).toBeUndefined();
    } finally {
      take.mockRestore();
    }
  }, 60_000);

  it("holds: one holder at a time, given back at once, taken over once lapsed", async () => {
    const sql = postgresClient(postgres.url, { max: 2, onnotice: () => undefined });
    try {
      await ensureClusterSchema(sql);
      const timings = { ttlMs: 600, renewMs: 100, marginMs: 200 };
      const one = deliveryHolds(sql, "one", timings);
      const two = deliveryHolds(sql, "two", timings);
      expect(one.validMs).toBe(400);
      expect(await one.take("s", "t")).toEqual({ held: true });
      const refused = await two.take("s", "t");
      expect(refused.held).toBe(false);
      if (!refused.held) expect(refused.retryInMs).toBeGreaterThan(300);
      expect(await one.take("s", "t")).toEqual({ held: true }); // extended
      expect(await two.take("s", "other")).toEqual({ held: true }); // another target
      await two.release("s", "t"); // not its hold: nothing happens
      expect((await two.take("s", "t")).held).toBe(false);
      await one.release("s", "t");
      expect(await two.take("s", "t")).toEqual({ held: true });
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(await one.take("s", "t")).toEqual({ held: true }); // two's lapsed
    } finally {
      await sql.end();
    }
  });
});
