/**
 * @module What the contract suite does not reach on PostgreSQL: migrations run again and at
 * once from several instances, one session written by two store objects at once, and the
 * server restarting (and crashing) under a store.
 */
import type { MessageUpsertEvent } from "@wa/core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { history, message } from "../contract/fixtures.ts";
import {
  hasPostgres,
  type PostgresCluster,
  postgresSuiteTitle,
  startPostgres,
} from "../contract/postgres-cluster.ts";
import { DEEP_OFFSET } from "./deep-page.ts";
import { INSERT_CHUNK_ROWS } from "./message-writes.ts";
import { createMessageReads } from "./messages-read.ts";
import { migrate } from "./migrate.ts";
import { POSTGRES_MIGRATIONS } from "./migrations.ts";
import { openPool, queryOf } from "./sql.ts";
import { createPostgresStore } from "./store.ts";

let cluster: PostgresCluster;
let schemas = 0;
const nextSchema = () => `unit_${++schemas}`;
const newest = Math.max(...POSTGRES_MIGRATIONS.map((migration) => migration.version));

const live = (chatId: string, id: string, timestamp: number): MessageUpsertEvent => ({
  type: "message.upsert",
  messages: [message(chatId, id, timestamp)],
  notify: true,
});

// Skipped only where Debian's postgresql package is missing (`.ci/run` installs it).
describe.skipIf(!hasPostgres())(postgresSuiteTitle("PostgreSQL store"), { timeout: 30_000 }, () => {
  beforeAll(async () => {
    cluster = await startPostgres({ settings: { fsync: "off" } });
  }, 120_000);
  afterAll(() => cluster?.stop(), 60_000);

  it("migrates once: a second run applies nothing; a newer schema is refused", async () => {
    const schema = nextSchema();
    const pool = openPool({ url: cluster.url, schema });
    try {
      expect(await migrate(pool, schema)).toEqual(
        POSTGRES_MIGRATIONS.map((migration) => migration.version),
      );
      expect(await migrate(pool, schema)).toEqual([]);
      const future = { version: newest + 1, name: "future", statements: [] };
      expect(await migrate(pool, schema, [...POSTGRES_MIGRATIONS, future])).toEqual([newest + 1]);
      await expect(migrate(pool, schema)).rejects.toThrow(/schema version/);
    } finally {
      await pool.end();
    }
  });

  it("several instances starting at once on an empty schema migrate it exactly once", async () => {
    const schema = nextSchema();
    const pools = Array.from({ length: 4 }, () => openPool({ url: cluster.url, schema }));
    try {
      const applied = await Promise.all(pools.map((pool) => migrate(pool, schema)));
      expect(applied.flat().sort()).toEqual(
        POSTGRES_MIGRATIONS.map((migration) => migration.version),
      );
      const [row] =
        await (pools[0] as postgres.Sql)`SELECT COUNT(*)::int AS n FROM schema_migrations`;
      expect(row?.n).toBe(POSTGRES_MIGRATIONS.length);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it("two store objects writing one session take turns: every event gets its own seq", async () => {
    const schema = nextSchema();
    const first = await createPostgresStore({ url: cluster.url, schema });
    const second = await createPostgresStore({ url: cluster.url, schema });
    try {
      const writes = Array.from({ length: 40 }, (_, index) =>
        // One chat each: no chat row lock serializes them by chance.
        (index % 2 ? first : second).apply("s1", live(`${index}@c.us`, `M${index}`, 1_000 + index)),
      );
      const results = await Promise.all(writes);
      const seqs = results.flatMap((result) => result.events.map((event) => event.seq));
      // Each new incoming message is news twice (message and message.any).
      expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
      const listed = await first.outbox.list("s1", { afterSeq: 0, limit: 1000 });
      expect(listed.map((event) => event.seq)).toEqual(seqs);
      const ids = listed.map((event) => event.id);
      expect([...ids].sort()).toEqual(ids);
      expect(await second.counts("s1")).toMatchObject({ chats: 40, messages: 40 });
    } finally {
      await first.close();
      await second.close();
    }
  });

  it("a restart or crash of the server loses no acknowledged write; the store reconnects", async () => {
    const schema = nextSchema();
    const store = await createPostgresStore({ url: cluster.url, schema });
    try {
      await store.apply("s1", live("1@c.us", "before-restart", 1_000));
      await store.authState("s1").setMany([["creds", '{"a":1}']]);
      await cluster.restart();
      await store.apply("s1", live("1@c.us", "after-restart", 1_001));
      await cluster.kill();
      await cluster.start();
      const ids = (await readMessages(store)).map((item) => item.key.id);
      expect(ids).toEqual(["after-restart", "before-restart"]);
      expect(await store.authState("s1").get("creds")).toBe('{"a":1}');
      expect(await store.counts("s1")).toMatchObject({ chats: 1, messages: 2 });
    } finally {
      await store.close();
    }
  }, 120_000);

  it("analyzes its tables after a bulk write, so reads are planned on real row counts", async () => {
    const schema = nextSchema();
    const store = await createPostgresStore({ url: cluster.url, schema });
    const sql = postgres(cluster.url, { onnotice: false });
    try {
      const messages = Array.from({ length: 12_000 }, (_, i) => message("1@c.us", `H${i}`, i));
      await store.apply("s1", history({ messages }));
      // Autovacuum's analyses are recorded apart (last_autoanalyze): this is the store's own.
      await vi.waitFor(
        async () => {
          const [row] = await sql`SELECT last_analyze FROM pg_stat_user_tables
            WHERE schemaname = ${schema} AND relname = 'messages'`;
          expect(row?.last_analyze).not.toBeNull();
        },
        { timeout: 30_000, interval: 100 },
      );
    } finally {
      await sql.end();
      await store.close();
    }
  }, 60_000);

  it("a list longer than one insert chunk tells new, stored and repeated keys apart", async () => {
    const store = await createPostgresStore({ url: cluster.url, schema: nextSchema() });
    try {
      const count = INSERT_CHUNK_ROWS * 2 + INSERT_CHUNK_ROWS / 2;
      const stored = count - 10; // in the last chunk
      await store.apply("s1", history({ messages: [message("1@c.us", `M${stored}`, stored)] }));
      const messages = Array.from({ length: count }, (_, i) => message("1@c.us", `M${i}`, i));
      // The first chunk's first key again, at the end: still one message, new once.
      messages.push(message("1@c.us", "M0", 0));
      const { events } = await store.apply("s1", {
        type: "message.upsert",
        messages,
        notify: true,
      });
      const news = events.filter((event) => event.event === "message");
      expect(news).toHaveLength(count - 1);
      expect(news.some((event) => JSON.parse(event.payload).id.endsWith(`_M${stored}`))).toBe(
        false,
      );
      expect(await store.counts("s1")).toMatchObject({ chats: 1, messages: count });
      expect((await store.getChat("s1", "1@c.us"))?.unreadCount).toBe(count - 1);
    } finally {
      await store.close();
    }
  });

  it("a deep page runs the first page's statement text (prepared once, past its custom plans)", async () => {
    const schema = nextSchema();
    const store = await createPostgresStore({ url: cluster.url, schema });
    const pool = openPool({ url: cluster.url, schema });
    try {
      // 2,400 messages an hour apart: 100 days, so the deep offset lands well inside the range.
      const messages = Array.from({ length: 2_400 }, (_, i) =>
        message("1@c.us", `D${i}`, i * 3_600),
      );
      await store.apply("s1", history({ messages }));
      const texts: string[] = [];
      const query = queryOf(pool);
      const reads = createMessageReads((text, params) => {
        texts.push(text);
        return query(text, params);
      });
      const filter = { timestampGte: 5 * 86_400 + 17, timestampLte: 90 * 86_400 - 17 };
      for (const sortOrder of ["desc", "asc"] as const) {
        const page = (offset: number) =>
          ({ limit: 10, offset, sortOrder, filter, downloadMedia: false, merge: false }) as const;
        texts.length = 0;
        const first = await reads.list("s1", "1@c.us", page(0));
        const firstText = texts.at(-1);
        texts.length = 0;
        const deep = await reads.list("s1", "1@c.us", page(DEEP_OFFSET + 7));
        expect(first).toHaveLength(10);
        expect(deep).toHaveLength(10);
        expect(texts).toHaveLength(2); // the offset's day, then the page
        expect(texts.at(-1)).toBe(firstText);
      }
    } finally {
      await pool.end();
      await store.close();
    }
  });

  it("an unreachable server rejects opening with WA_STORE_FAILURE", async () => {
    const url = cluster.url.replace(/:\d+\//, ":1/");
    await expect(createPostgresStore({ url })).rejects.toMatchObject({
      code: "WA_STORE_FAILURE",
    });
  });
});

function readMessages(store: Awaited<ReturnType<typeof createPostgresStore>>) {
  return store.listMessages("s1", "1@c.us", {
    limit: 10,
    offset: 0,
    sortOrder: "desc",
    merge: false,
    filter: {},
    downloadMedia: false,
  });
}
