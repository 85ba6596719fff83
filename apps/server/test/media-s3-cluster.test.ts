/**
 * @module Shared media with several instances (issue 12 point 3): two instances on one PostgreSQL
 * (leases, forwarding) and one S3 bucket (s3rver on 127.0.0.1). A media read sent to the instance
 * that does not drive the session is forwarded to the owner, which downloads the file into the
 * bucket; the other instance then serves that file itself, and still does once the owner is gone.
 */
import { randomBytes } from "node:crypto";
import { silentLogger } from "@wa/core";
import { createMemoryEngine, createMemoryWorld, type MemoryWorld } from "@wa/engine-testkit";
import { createSqliteStore, type Store } from "@wa/store";
import { freePort, hasPostgres, type PostgresCluster, startPostgres } from "@wa/store/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type App, buildApp } from "../src/app.ts";
import { type Cluster, joinCluster } from "../src/cluster/cluster.ts";
import { leaseTimings } from "../src/cluster/lease-keeper.ts";
import { type S3Server, startS3Server } from "./s3-server.ts";

const KEY = "media-s3-cluster-key";
const ALICE = "11111111111@c.us";
const PHOTO = randomBytes(50_000);
/** The address clients use (a load balancer in front of both instances). */
const BASE_URL = "http://wa.example.test";

interface Instance {
  app: App;
  cluster: Cluster;
  url: string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

describe.skipIf(!hasPostgres())("media on S3 with two instances on one PostgreSQL", () => {
  let postgres: PostgresCluster;
  let s3: S3Server;
  let store: Store;
  let world: MemoryWorld;
  let a: Instance;
  let b: Instance;

  /** `baseUrl`: `WAHA_BASE_URL`, or null for file URLs on the origin each client called. */
  const start = async (baseUrl: string | null = BASE_URL): Promise<Instance> => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const cluster = await joinCluster({
      databaseUrl: postgres.url,
      address: url,
      logger: silentLogger,
      timings: leaseTimings(3000),
      takeoverMs: 200,
    });
    const app = await buildApp({
      store,
      apiKey: KEY,
      logger: false,
      defaultEngine: "memory",
      engines: {
        memory: async () => ({ createEngine: () => createMemoryEngine({ world, autoPair: true }) }),
      },
      sessionWait: { runningMs: 200, statusMs: 2000, pollMs: 20 },
      media: {
        storage: { kind: "s3", s3: s3.settings({ proxyFiles: true }) },
        lifetimeSeconds: 0,
        baseUrl,
      },
      cluster,
    });
    await app.listen({ port, host: "127.0.0.1" });
    await app.ctx.sessions.restore(0);
    return {
      app,
      cluster,
      url,
      get: (path, headers = {}) =>
        fetch(`${url}${path}`, { headers: { "x-api-key": KEY, ...headers } }),
      async close() {
        await app.close().catch(() => undefined);
        await cluster.close().catch(() => undefined);
      },
    };
  };

  beforeAll(async () => {
    postgres = await startPostgres({ settings: { fsync: "off" } });
    s3 = await startS3Server();
    store = createSqliteStore({ file: ":memory:" });
    world = createMemoryWorld();
    await world.seedHistory({
      chats: [
        {
          id: ALICE,
          name: "Alice",
          messages: [
            {
              id: "PHOTO1",
              fromMe: false,
              text: "a photo",
              timestamp: 1_700_000_000,
              media: { type: "image", data: PHOTO, mimetype: "image/jpeg" },
            },
          ],
        },
      ],
      contacts: [],
    });
    a = await start();
    b = await start();
  }, 90_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await store?.close();
    await s3?.close();
    await postgres?.stop();
  }, 90_000);

  // Regression: a forwarded read named the owner's internal address, the one B sent it to.
  it("without WAHA_BASE_URL, a read forwarded by B names files on B's origin, and B serves them", async () => {
    const owner = await start(null);
    const other = await start(null);
    try {
      await createSession(owner, "s0");
      const id = `false_${ALICE}_PHOTO1`;
      const path = `/api/s0/chats/${ALICE}/messages/${id}`;
      const message = await vi.waitFor(
        async () => {
          const answer = await other.get(path);
          expect(answer.status).toBe(200);
          return answer.json();
        },
        { timeout: 10_000, interval: 100 },
      );
      expect(message.media.url).toBe(`${other.url}/api/files/s0/PHOTO1.jpeg`);
      const file = await other.get(new URL(message.media.url).pathname);
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer()).equals(PHOTO)).toBe(true);
      // The owner keeps that answer in its response cache under B's origin: asked directly, it
      // names its own.
      const direct = await (await owner.get(path)).json();
      expect(direct.media.url).toBe(`${owner.url}/api/files/s0/PHOTO1.jpeg`);
      expect((await (await other.get(path)).json()).media.url).toBe(message.media.url);
    } finally {
      await owner.close();
      await other.close();
    }
  });

  it("a file downloaded by the owner is served by the other instance, also after the owner stopped", async () => {
    const created = await fetch(`${a.url}/api/sessions`, {
      method: "POST",
      headers: { "x-api-key": KEY, "content-type": "application/json" },
      body: JSON.stringify({ name: "s1" }),
    });
    expect(created.status).toBe(201);
    await vi.waitFor(() => expect(a.app.ctx.sessions.live("s1")?.status).toBe("WORKING"), {
      timeout: 10_000,
    });
    expect(b.app.ctx.sessions.live("s1")).toBeUndefined();

    // Asked of B, which does not drive s1: the read is forwarded to A, whose engine downloads.
    const id = `false_${ALICE}_PHOTO1`;
    const message = await vi.waitFor(
      async () => {
        const answer = await b.get(`/api/s1/chats/${ALICE}/messages/${id}`);
        expect(answer.status).toBe(200);
        return answer.json();
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(message.media).toMatchObject({
      mimetype: "image/jpeg",
      s3: { Bucket: s3.bucket, Key: "s1/PHOTO1.jpeg" },
    });
    expect(await s3.keys("s1/")).toEqual(["s1/PHOTO1.jpeg"]);
    // WAHA_BASE_URL names the load balancer: a forwarded read would otherwise name the owner.
    expect(message.media.url).toBe(`${BASE_URL}/api/files/s1/PHOTO1.jpeg`);
    const path = new URL(message.media.url).pathname;

    const fromB = await b.get(path);
    expect(fromB.status).toBe(200);
    expect(Buffer.from(await fromB.arrayBuffer()).equals(PHOTO)).toBe(true);
    const range = await b.get(path, { range: "bytes=10-19" });
    expect(range.status).toBe(206);
    expect(Buffer.from(await range.arrayBuffer()).equals(PHOTO.subarray(10, 20))).toBe(true);

    // The owner goes away: B still serves the file, from the bucket.
    await a.close();
    const after = await b.get(path);
    expect(after.status).toBe(200);
    expect(Buffer.from(await after.arrayBuffer()).equals(PHOTO)).toBe(true);
  });
});

async function createSession(instance: Instance, name: string): Promise<void> {
  const created = await fetch(`${instance.url}/api/sessions`, {
    method: "POST",
    headers: { "x-api-key": KEY, "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
  expect(created.status).toBe(201);
  await vi.waitFor(() => expect(instance.app.ctx.sessions.live(name)?.status).toBe("WORKING"), {
    timeout: 10_000,
  });
}
