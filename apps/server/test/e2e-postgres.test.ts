/**
 * @module End to end on the PostgreSQL store: the real server process with `WA_DATABASE_URL`
 * pointing at a throwaway cluster, the real NOWEB engine against the loopback simulator, paired
 * by QR over HTTP; chats, overview, messages, archive, sending and receiving over HTTP; then a
 * restart of the server, which logs the session in again from the credentials in PostgreSQL.
 * The URL carries a password (the test cluster trusts loopback and ignores it): no output shows it.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSimulator, type Simulator } from "@wa/sandbox";
import {
  hasPostgres,
  type PostgresCluster,
  postgresSuiteTitle,
  startPostgres,
} from "@wa/store/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ALICE,
  BOB,
  CAROL,
  e2eSeed,
  GROUP,
  nowebEnv,
  pairOverHttp,
  waitForHistory,
  waitForStatus,
} from "./e2e-world.ts";
import { eventually, type ServerProcess, startServer } from "./server-process.ts";

const S = "pg";
const PASSWORD = "pg-e2e-s3cret";
const chat = (chatId: string) => `/api/${S}/chats/${chatId}`;
const ids = (items: Array<{ id: string }>) => items.map((item) => item.id);
let cluster: PostgresCluster;
let sim: Simulator;
let server: ServerProcess | undefined;
let databaseUrl: string;
const dataDir = mkdtempSync(join(tmpdir(), "wa-e2e-pg-"));
const env = () => ({ ...nowebEnv(sim), WA_DATA_DIR: dataDir, WA_DATABASE_URL: databaseUrl });

// Skipped only where Debian's postgresql package is missing (`.ci/run` installs it).
describe.skipIf(!hasPostgres())(
  postgresSuiteTitle("NOWEB end to end on PostgreSQL"),
  { timeout: 120_000 },
  () => {
    beforeAll(async () => {
      cluster = await startPostgres({ settings: { fsync: "off" } });
      databaseUrl = cluster.url.replace("postgres@", `postgres:${PASSWORD}@`);
      sim = await createSimulator({ receiptDelayMs: 50 });
      sim.seedHistory(S, e2eSeed());
      server = await startServer(env());
      await pairOverHttp(server, sim, S);
      await waitForHistory(server, S);
    }, 120_000);
    afterAll(async () => {
      await server?.stop();
      await sim?.close();
      await cluster?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }, 60_000);

    it("reads chats, overview and message pages from PostgreSQL", async () => {
      const live = server as ServerProcess;
      expect(live.output()).toContain("Store: PostgreSQL at postgres://postgres:***@127.0.0.1:");
      const expected = [BOB, ALICE, GROUP, CAROL];
      expect(ids((await live.get(`/api/${S}/chats`)).body)).toEqual(expected);
      const overview = (await live.get(`/api/${S}/chats/overview`)).body;
      expect(ids(overview)).toEqual(expected);
      expect(overview[0]).toMatchObject({ name: "Bob", lastMessage: { body: "bob 1" } });
      expect(ids((await live.get(`/api/${S}/chats?limit=2&offset=1`)).body)).toEqual([
        ALICE,
        GROUP,
      ]);
      const all = (await live.get(`${chat(ALICE)}/messages?limit=100`)).body;
      expect(all).toHaveLength(6);
      const page = (await live.get(`${chat(ALICE)}/messages?limit=2&offset=2`)).body;
      expect(ids(page)).toEqual(ids(all.slice(2, 4)));
      const mine = (await live.get(`${chat(ALICE)}/messages?filter.fromMe=true`)).body;
      expect(ids(mine)).toEqual(ids(all.filter((m: { fromMe: boolean }) => m.fromMe)));
    });

    it("archives both ways, sends a text and stores a contact's live message", async () => {
      const live = server as ServerProcess;
      expect((await live.post(`${chat(BOB)}/archive`)).status).toBe(201);
      await eventually(() => expect(sim.chatState(S, BOB).archived).toBe(true));
      await eventually(async () => {
        const chats = (await live.get(`/api/${S}/chats`)).body;
        expect(chats.find((c: { id: string }) => c.id === BOB)?.archived).toBe(true);
      });
      await sim.phoneSetArchived(S, ALICE, true);
      await eventually(async () => {
        const chats = (await live.get(`/api/${S}/chats`)).body;
        expect(chats.find((c: { id: string }) => c.id === ALICE)?.archived).toBe(true);
      });
      const sent = await live.post("/api/sendText", { session: S, chatId: CAROL, text: "pg hi" });
      expect(sent.status).toBe(201);
      await eventually(async () => {
        const latest = (await live.get(`${chat(CAROL)}/messages?limit=1`)).body;
        expect(latest[0]).toMatchObject({ id: sent.body.id, body: "pg hi", fromMe: true });
      });
      const { id } = await sim.pushIncomingText(S, ALICE, "live from alice on pg");
      await eventually(async () => {
        const latest = (await live.get(`${chat(ALICE)}/messages?limit=1`)).body;
        expect(latest[0]).toMatchObject({
          id: `false_${ALICE}_${id}`,
          body: "live from alice on pg",
        });
      });
    });

    it("a restarted server logs the session in from PostgreSQL (no QR) and keeps every message", async () => {
      const before = (await (server as ServerProcess).get(`${chat(ALICE)}/messages?limit=100`))
        .body;
      await (server as ServerProcess).stop();
      const output = (server as ServerProcess).output();
      server = await startServer(env());
      await waitForStatus(server, S, "WORKING");
      const after = (await server.get(`${chat(ALICE)}/messages?limit=100`)).body;
      expect(ids(after)).toEqual(ids(before));
      const { id } = await sim.pushIncomingText(S, BOB, "after the restart");
      await eventually(async () => {
        const latest = (await (server as ServerProcess).get(`${chat(BOB)}/messages?limit=1`)).body;
        expect(latest[0]).toMatchObject({ id: `false_${BOB}_${id}` });
      });
      expect(output + server.output()).not.toContain(PASSWORD);
    });

    it("an unreachable database or a malformed URL stops start-up with a message, never the password", async () => {
      const unreachable = await failedStart({
        ...env(),
        WA_DATABASE_URL: `postgres://postgres:${PASSWORD}@127.0.0.1:1/wa`,
      });
      expect(unreachable.code).not.toBe(0);
      expect(unreachable.output).toContain(
        "Could not open the PostgreSQL store at postgres://postgres:***@127.0.0.1:1/wa",
      );
      expect(unreachable.output).not.toContain(PASSWORD);
      const malformed = await failedStart({
        ...env(),
        WA_DATABASE_URL: `mysql://root:${PASSWORD}@db/wa`,
      });
      expect(malformed.code).not.toBe(0);
      expect(malformed.output).toContain("WA_DATABASE_URL must be a PostgreSQL URL");
      expect(malformed.output).not.toContain(PASSWORD);
    });
  },
);

/** Runs the server process until it exits by itself (it should, at start-up): its code and output. */
function failedStart(
  extra: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ["--conditions=@wa/source", "--import", "tsx", "apps/server/src/main.ts"],
    {
      cwd: fileURLToPath(new URL("../../../", import.meta.url)),
      env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "warn", ...extra },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // A server that starts after all is stopped, and the test fails on its exit code.
  const guard = setTimeout(() => child.kill("SIGKILL"), 60_000);
  return new Promise((resolve) => {
    child.once("exit", (code) => {
      clearTimeout(guard);
      resolve({ code, output });
    });
  });
}
