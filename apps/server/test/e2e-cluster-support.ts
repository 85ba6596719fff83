/**
 * @module What the three-instance test (`e2e-cluster.test.ts`) reads and feeds: a session as an
 * instance lists it, a chat's stored ids, messages pushed by a contact until stopped, and what
 * PostgreSQL says of its backends and locks when a takeover waits too long.
 */
import postgres from "postgres";
import { expect } from "vitest";
import type { SimulatorProcess } from "../bench/sessions/simulator-process.ts";
import { eventually, type ServerProcess } from "./server-process.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What PostgreSQL says of its backends and ungranted or advisory locks: printed when a takeover
 * waits too long, to show what the new owner's writes wait on.
 */
export async function databaseActivity(url: string): Promise<string> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    const backends = await sql`SELECT pid, client_port, state, wait_event_type, wait_event,
      round(extract(epoch FROM now() - xact_start)) AS xact_s,
      round(extract(epoch FROM now() - state_change)) AS state_s, left(query, 100) AS query
      FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`;
    const locks =
      await sql`SELECT pid, locktype, mode, granted, objid, relation::regclass::text AS rel
      FROM pg_locks WHERE NOT granted OR locktype = 'advisory'`;
    return [...backends, ...locks].map((row) => JSON.stringify(row)).join("\n");
  } catch (error) {
    return `(no activity: ${String(error)})`;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** The session as `server` lists it (status, owner). */
export async function sessionOn(server: ServerProcess, name: string) {
  const answer = await server.get(`/api/sessions/${name}`);
  expect(answer.status, `${server.url}: ${JSON.stringify(answer.body)}`).toBe(200);
  return answer.body as { status: string; owner: { instance: string; address: string } | null };
}

/** The WhatsApp ids of a chat's stored messages (duplicates kept), read through `server`. */
export async function storedIds(server: ServerProcess, name: string, chatId: string) {
  const answer = await server.get(`/api/${name}/chats/${chatId}/messages?limit=100000`);
  expect(answer.status).toBe(200);
  return (answer.body as { id: string }[]).map((m) => m.id.split("_").at(-1) ?? "");
}

/** Pushes a contact's messages to a session until `stop()`; returns the ids pushed. */
export function pushMessages(sim: SimulatorProcess, name: string, chatId: string, pauseMs = 150) {
  const ids: string[] = [];
  let pushing = true;
  const done = (async () => {
    for (let i = 0; pushing; i++) {
      const { id } = (await sim.call("pushIncomingText", name, chatId, `${name} ${i}`)) as {
        id: string;
      };
      ids.push(id);
      await sleep(pauseMs);
    }
  })();
  return {
    ids,
    async stop() {
      pushing = false;
      await done;
    },
  };
}

/** Expects every id stored exactly once (reading through `server`). */
export async function expectStoredOnce(
  server: ServerProcess,
  name: string,
  chatId: string,
  ids: string[],
) {
  await eventually(async () => {
    const stored = await storedIds(server, name, chatId);
    const missing = ids.filter((id) => !stored.includes(id));
    expect(missing).toEqual([]);
    expect(stored.length).toBe(new Set(stored).size);
  }, 60_000);
}
