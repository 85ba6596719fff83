import { silentLogger } from "@wa/core";
import { hasPostgres, type PostgresCluster, startPostgres } from "@wa/store/testing";
import postgres, { type Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { instanceRegistry } from "./instances.ts";
import { createLeaseKeeper } from "./lease-keeper.ts";
import { sessionLeases } from "./leases.ts";
import { ensureClusterSchema } from "./schema.ts";

// Skipped only where Debian's postgresql package is missing (`.ci/run` installs it).
describe.skipIf(!hasPostgres())("session leases in PostgreSQL", () => {
  let cluster: PostgresCluster;
  let sql: Sql;
  beforeAll(async () => {
    cluster = await startPostgres({ settings: { fsync: "off" } });
    sql = postgres(cluster.url, { onnotice: () => undefined });
    // Twice and concurrently: instances starting together must not fail on the schema.
    await Promise.all([
      ensureClusterSchema(sql),
      ensureClusterSchema(sql),
      ensureClusterSchema(sql),
    ]);
  }, 60_000);
  afterAll(async () => {
    await sql?.end();
    await cluster?.stop();
  });

  it("gives a session to one instance at a time; a lapsed lease is taken over with a greater token", async () => {
    const leases = sessionLeases(sql);
    const first = await leases.acquire("s1", "a", 300);
    expect(first).toEqual({ session: "s1", token: 1 });
    expect(await leases.acquire("s1", "b", 300)).toBeNull();
    // The owner extends its own lease without a new token.
    expect(await leases.acquire("s1", "a", 300)).toEqual({ session: "s1", token: 1 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await leases.renewAll("a", 300)).toEqual([]);
    expect(await leases.acquire("s1", "b", 5000)).toEqual({ session: "s1", token: 2 });
    expect(await leases.isCurrent("s1", 1)).toBe(false);
    expect(await leases.isCurrent("s1", 2)).toBe(true);
    // The former owner's release does not free the new owner's lease.
    await leases.release("s1", "a");
    expect((await leases.owners(["s1"])).get("s1")?.instance).toBe("b");
  });

  it("lets exactly one of many concurrent claimers win a free lease", async () => {
    const leases = sessionLeases(sql);
    const claimers = Array.from({ length: 20 }, (_, i) => `i${i}`);
    const results = await Promise.all(claimers.map((id) => leases.acquire("race", id, 5000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("names the owner's address from the instance registry", async () => {
    const registry = instanceRegistry(sql);
    await registry.heartbeat({ instance: "x", address: "http://127.0.0.1:1" });
    const leases = sessionLeases(sql);
    await leases.acquire("owned", "x", 5000);
    expect(await leases.owners(["owned", "nobody"])).toEqual(
      new Map([["owned", { instance: "x", address: "http://127.0.0.1:1", token: 1 }]]),
    );
    await registry.remove("x", 60_000);
    expect(await registry.get("x")).toBeNull();
  });

  it("keeps leases renewed, and gives a session up when another instance took it", async () => {
    const leases = sessionLeases(sql);
    const lost: string[] = [];
    const timings = { ttlMs: 600, renewMs: 100, marginMs: 200 };
    const keeper = createLeaseKeeper({
      leases,
      owner: "keeper",
      timings,
      logger: silentLogger,
      onLost: (session) => lost.push(session),
    });
    try {
      expect(await keeper.claim("kept")).toEqual({ session: "kept", token: 1 });
      expect(await keeper.claim("stolen")).toEqual({ session: "stolen", token: 1 });
      // Far longer than the TTL: the renewals keep both.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(keeper.holds("kept")).toBe(true);
      expect(lost).toEqual([]);
      // A forced takeover (as if the lease had lapsed) bumps the token; the keeper notices.
      await sql`UPDATE wa_session_leases SET owner = 'thief', token = token + 1 WHERE session = 'stolen'`;
      await vi.waitFor(() => expect(lost).toEqual(["stolen"]), { timeout: 5000 });
      expect(keeper.holds("stolen")).toBe(false);
      expect(keeper.holds("kept")).toBe(true);
    } finally {
      await keeper.close(true);
    }
    expect(await leases.owners(["kept"])).toEqual(new Map());
  });

  it("gives its sessions up before the lease lapses when the database stops answering", async () => {
    const leases = sessionLeases(sql);
    let cut = false;
    // Renewals that hang, as over a dropped network link.
    const partitioned = {
      ...leases,
      renewAll: (owner: string, ttlMs: number) =>
        cut ? new Promise<never>(() => undefined) : leases.renewAll(owner, ttlMs),
    };
    const lostAt: number[] = [];
    const timings = { ttlMs: 1500, renewMs: 100, marginMs: 600 };
    const keeper = createLeaseKeeper({
      leases: partitioned,
      owner: "cutoff",
      timings,
      logger: silentLogger,
      onLost: () => lostAt.push(Date.now()),
    });
    try {
      await keeper.claim("p1");
      await new Promise((resolve) => setTimeout(resolve, 300));
      cut = true;
      await vi.waitFor(() => expect(lostAt).toHaveLength(1), { timeout: 5000 });
      // At the moment it gave up, nobody else could take the lease yet.
      expect(await leases.acquire("p1", "other", 5000)).toBeNull();
      await vi.waitFor(
        async () =>
          expect(await leases.acquire("p1", "other", 5000)).toEqual({ session: "p1", token: 2 }),
        { timeout: 5000, interval: 50 },
      );
    } finally {
      await keeper.close(false);
    }
  });
});
