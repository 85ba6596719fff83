import { silentLogger } from "@wa/core";
import { hasPostgres, type PostgresCluster, startPostgres } from "@wa/store/testing";
import postgres, { type Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type ChangeChannel, createChangeChannel, type SessionChange } from "./changes.ts";

// Skipped only where Debian's postgresql package is missing (`.ci/run` installs it).
describe.skipIf(!hasPostgres())("change notices over LISTEN/NOTIFY", () => {
  let cluster: PostgresCluster;
  const clients: Sql[] = [];
  const channels: ChangeChannel[] = [];
  const open = async (self: string) => {
    const sql = postgres(cluster.url, { onnotice: () => undefined });
    clients.push(sql);
    const channel = await createChangeChannel({ sql, self, logger: silentLogger });
    channels.push(channel);
    return channel;
  };
  beforeAll(async () => {
    cluster = await startPostgres({ settings: { fsync: "off" } });
  }, 60_000);
  afterAll(async () => {
    for (const channel of channels) await channel.close();
    for (const sql of clients) await sql.end({ timeout: 1 });
    await cluster?.stop();
  }, 60_000);

  it("tells the other instances, not the sender; after a lost LISTEN connection, says notices may be missing", async () => {
    const a = await open("a");
    const b = await open("b");
    const seenByA: SessionChange[] = [];
    const seenByB: SessionChange[] = [];
    let reconnects = 0;
    a.onChange((change) => seenByA.push(change));
    b.onChange((change) => seenByB.push(change));
    b.onReconnect(() => {
      reconnects += 1;
    });
    await a.notify("s1", "data");
    await a.notify("s1", "session");
    await a.notify("s1", "pictures");
    await vi.waitFor(() =>
      expect(seenByB).toEqual([
        { session: "s1", kind: "data" },
        { session: "s1", kind: "session" },
        { session: "s1", kind: "pictures" },
      ]),
    );
    expect(seenByA).toEqual([]);
    expect(reconnects).toBe(0);
    // The server restarts: every connection is cut, the LISTEN one comes back by itself.
    await cluster.restart();
    await vi.waitFor(() => expect(reconnects).toBe(1), { timeout: 30_000, interval: 100 });
    await vi.waitFor(
      async () => {
        await a.notify("s2", "data");
        expect(seenByB.map((change) => change.session)).toContain("s2");
      },
      { timeout: 30_000, interval: 500 },
    );
  }, 90_000);
});
