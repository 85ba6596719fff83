/**
 * @module Issue 15 defects 3 and 5 end to end: the real server process over the real NOWEB engine
 * against a loopback simulator in this process. A delete racing a restart or a logout leaves no
 * session behind; a session's full command queue answers 503 `WA_SERVER_BUSY` with `Retry-After`
 * at once while another session's commands go through.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSimulator, type Simulator } from "@wa/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALICE, e2eSeed, nowebEnv, pairOverHttp, waitForHistory } from "./e2e-world.ts";
import { type ServerProcess, startServer } from "./server-process.ts";

let sim: Simulator;
let server: ServerProcess;
const dataDir = mkdtempSync(join(tmpdir(), "wa-e2e-sessions-"));
// One command of a session at a time and one waiting: the third concurrent one is refused.
const LANE = { WA_SESSION_WRITE_CONCURRENCY: "1", WA_SESSION_WRITE_QUEUE: "1" };

beforeAll(async () => {
  sim = await createSimulator({ receiptDelayMs: 50 });
  server = await startServer({ ...nowebEnv(sim), ...LANE, WA_DATA_DIR: dataDir });
}, 90_000);
afterAll(async () => {
  await server?.stop();
  await sim?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("sessions end to end (issue 15)", { timeout: 240_000 }, () => {
  it("DELETE racing a restart or a logout: the session is gone and stays gone (10 tries)", async () => {
    for (let i = 0; i < 10; i++) {
      const name = `race${i}`;
      sim.seedHistory(name, { chats: [] });
      await pairOverHttp(server, sim, name);
      const rival = i % 2 === 0 ? "restart" : "logout";
      // Both orders: the delete first, then the rival first.
      const calls = [
        () => server.del(`/api/sessions/${name}`),
        () => server.post(`/api/sessions/${name}/${rival}`),
      ];
      if (i % 4 >= 2) calls.reverse();
      const answers = await Promise.all(calls.map((call) => call()));
      for (const answer of answers) expect([200, 201, 404]).toContain(answer.status);
      // The defect showed 1.5 s later: the session existed again, WORKING.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect((await server.get(`/api/sessions/${name}`)).status, `${name} after ${rival}`).toBe(
        404,
      );
      const all = (await server.get("/api/sessions?all=true")).body as Array<{ name: string }>;
      expect(all.map((s) => s.name)).not.toContain(name);
      const read = await server.get(`/api/${name}/chats`);
      expect(read.body).toMatchObject({ error: `Session "${name}" does not exist` });
    }
  });

  it("a session's full command queue answers 503 WA_SERVER_BUSY with Retry-After at once; another session's commands still go through", async () => {
    for (const name of ["busy", "calm"]) {
      sim.seedHistory(name, e2eSeed());
      await pairOverHttp(server, sim, name);
      await waitForHistory(server, name);
    }
    const burst = Array.from({ length: 12 }, (_, i) =>
      send("POST", `/api/busy/chats/${ALICE}/${i % 2 === 0 ? "archive" : "unarchive"}`),
    );
    // While the burst is in flight, the other session's command is not queued behind it.
    const calm = send("POST", "/api/sendText", {
      session: "calm",
      chatId: ALICE,
      text: "not behind busy",
    });
    const settled = await Promise.all(burst);
    expect((await calm).status).toBe(201);
    const statuses = settled.map((answer) => answer.status);
    expect(
      statuses.every((status) => status === 201 || status === 503),
      `${statuses}`,
    ).toBe(true);
    const refused = settled.filter((answer) => answer.status === 503);
    // 1 running + 1 waiting: at least 10 of the 12 were refused, each with a clear body.
    expect(refused.length).toBeGreaterThanOrEqual(10);
    for (const answer of refused) {
      expect(answer.retryAfter).toBe("1");
      expect(answer.body).toMatchObject({
        statusCode: 503,
        error: "Service Unavailable",
        code: "WA_SERVER_BUSY",
        message: expect.stringContaining("retry in 1 s"),
      });
    }
    // Once the queue drained, the session takes commands again.
    expect((await send("POST", `/api/busy/chats/${ALICE}/unarchive`)).status).toBe(201);
  });
});

// --- internal ---

interface Answer {
  status: number;
  body: unknown;
  retryAfter: string | null;
}

/** A request with its `Retry-After` header (the shared client drops headers). */
async function send(method: string, path: string, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = { "x-api-key": "e2e-test-strong-key" };
  if (body !== undefined) headers["content-type"] = "application/json";
  return fetch(`${server.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).then(async (response) => ({
    status: response.status,
    body: await response.json().catch(() => null),
    retryAfter: response.headers.get("retry-after"),
  }));
}
