/**
 * A store cut off from PostgreSQL in the middle of a write (a network partition: no reset, the
 * bytes just stop) must not hold the session's write lock for long: the server keeps the cut
 * connection's transaction open until it notices, and until then every other instance's write to
 * that session waits on the lock. The instance taking the session over writes its status first,
 * so without a bound it stayed STARTING for good (seen in CI in `e2e-cluster.test.ts`). Two
 * states hold the lock: a transaction idle between statements (the server's idle-in-transaction
 * timeout ends it) and a statement cut between its Parse and its Sync (no server timeout covers
 * it; the waiting writer ends that backend, see `session-writes.ts`).
 */

import type { Store } from "@wa/store";
import { createPostgresStore } from "@wa/store/postgres";
import {
  chat,
  hasPostgres,
  history,
  message,
  type PostgresCluster,
  startPostgres,
} from "@wa/store/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWireConnection } from "./postgres-wire.ts";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.ts";

const SESSION = "cut";
const CHAT = "11111111111@c.us";

describe.skipIf(!hasPostgres())("a store cut off from PostgreSQL mid-write", () => {
  let pg: PostgresCluster;
  let proxy: TcpProxy;
  let direct: Store;

  beforeAll(async () => {
    pg = await startPostgres({ settings: { fsync: "off" } });
    proxy = await startTcpProxy(pg.port);
    direct = await createPostgresStore({ url: pg.url, schema: "partition" });
  }, 60_000);
  afterAll(async () => {
    await direct?.close();
    await proxy?.close();
    await pg?.stop();
  });

  it("frees the session's write lock within seconds: another store's write to it goes through", async () => {
    const viaProxy = pg.url.replace(`:${pg.port}/`, `:${proxy.port}/`);
    // Big transactions (one per 50,000 rows), so the cut lands inside one.
    const cutOff = await createPostgresStore({
      url: viaProxy,
      schema: "partition",
      unitRows: 50_000,
      reconnectMs: 1000,
    });
    const messages = Array.from({ length: 200_000 }, (_, i) =>
      message(CHAT, `M${i}`, 1_700_000_000 + i),
    );
    const writing = cutOff
      .apply(SESSION, history({ chats: [chat(CHAT, 1_700_200_000)], messages }))
      .catch(() => "failed");
    // Once the first transaction committed, the next one holds the session's lock.
    for (let waited = 0; waited < 30_000; waited += 50) {
      if (await direct.getChat(SESSION, CHAT)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    proxy.cut();
    const started = Date.now();
    await direct.apply(SESSION, { type: "session.status", status: "WORKING" });
    // Bound by the server's idle-in-transaction timeout of the cut connection's session.
    expect(Date.now() - started).toBeLessThan(10_000);
    void writing;
  }, 60_000);

  it("ends a holder of the session's lock cut off between a statement's Parse and its Sync", async () => {
    // The state a partition left behind in CI: the backend is "active", reading the rest of the
    // statement, inside the transaction that holds the lock; no server timeout covers it.
    const lost = await openWireConnection(pg.port);
    try {
      await lost.simpleQuery(
        "BEGIN; SELECT pg_advisory_xact_lock(hashtext('wa-store session ' || 'mid-statement'))",
      );
      lost.parseWithoutSync("SELECT 1");
      const started = Date.now();
      const written = direct.apply("mid-statement", { type: "session.status", status: "WORKING" });
      const outcome = await Promise.race([
        written.then(() => "written"),
        new Promise((resolve) => setTimeout(() => resolve("still waiting"), 20_000)),
      ]);
      expect(outcome).toBe("written");
      // Bound by LOST_HOLDER_MS (5 s) and the lock's polling.
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      lost.close();
    }
  }, 60_000);
});
