import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasPostgres, type PostgresCluster, startPostgres } from "./postgres-cluster.ts";

// Skipped only where Debian's postgresql package is missing (`.ci/run` installs it).
describe.skipIf(!hasPostgres())("a throwaway PostgreSQL cluster", () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgres({ settings: { fsync: "off" } });
  }, 60_000);
  afterAll(() => cluster?.stop());

  it("serves a database on 127.0.0.1, keeps committed rows over restart and crash", async () => {
    expect(cluster.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const sql = postgres(cluster.url, { onnotice: () => undefined });
    await sql`create table kept (n int)`;
    await sql`insert into kept values (1)`;
    await sql.end();
    await cluster.restart();
    await cluster.kill();
    await expect(postgres(cluster.url, { connect_timeout: 2 })`select 1`).rejects.toThrow();
    await cluster.start();
    const again = postgres(cluster.url);
    expect(await again`select n from kept`).toEqual([{ n: 1 }]);
    await again`create database other`;
    await again.end();
    const other = postgres(cluster.urlOf("other"));
    expect(await other`select current_database() as name`).toEqual([{ name: "other" }]);
    await other.end();
  }, 60_000);
});
