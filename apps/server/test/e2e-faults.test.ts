/**
 * @module Faults end to end: the real server process over the real NOWEB engine against a loopback
 * simulator in this process. A SIGKILL and restart on the same data, a socket dropped in the middle
 * of a history sync, and a malformed frame from the server.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HistorySeed } from "@wa/engine-testkit";
import { createSimulator, type Simulator } from "@wa/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { e2eSeed, nowebEnv, pairOverHttp, SEED_COUNTS, waitForHistory } from "./e2e-world.ts";
import { eventually, type ServerProcess, startServer } from "./server-process.ts";

let sim: Simulator;
let server: ServerProcess;
const dataDir = mkdtempSync(join(tmpdir(), "wa-e2e-faults-"));
const start = () => startServer({ ...nowebEnv(sim), WA_DATA_DIR: dataDir });

beforeAll(async () => {
  // Small, slow history chunks: a sync takes long enough to be cut in the middle.
  sim = await createSimulator({
    receiptDelayMs: 50,
    historyChunkSize: 4,
    historyChunkDelayMs: 300,
  });
  server = await start();
}, 90_000);
afterAll(async () => {
  await server?.stop();
  await sim?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every stored message of every seeded chat, as the API shows them. */
async function snapshot(session: string) {
  const chats = (await server.get(`/api/${session}/chats/overview`)).body;
  const messages: Record<string, unknown> = {};
  for (const chatId of Object.keys(SEED_COUNTS)) {
    messages[chatId] = (
      await server.get(`/api/${session}/chats/${chatId}/messages?limit=100`)
    ).body;
  }
  return { chats, messages };
}

describe("NOWEB faults end to end", { timeout: 90_000 }, () => {
  it("after a SIGKILL and a restart on the same data, the session is WORKING again without a QR, data intact", async () => {
    sim.seedHistory("kill", e2eSeed());
    await pairOverHttp(server, sim, "kill");
    await waitForHistory(server, "kill");
    const before = await snapshot("kill");
    await server.kill();
    server = await start();
    // Nobody scans any more: reaching WORKING proves the stored credentials logged in.
    const seen: string[] = [];
    await eventually(async () => {
      seen.push((await server.get("/api/sessions/kill")).body?.status);
      expect(seen.at(-1)).toBe("WORKING");
    });
    expect(seen).not.toContain("SCAN_QR_CODE");
    expect(await snapshot("kill")).toEqual(before);
  });

  it("a socket dropped in the middle of a history sync: it reconnects and the store ends complete, nothing doubled", async () => {
    const seed = longSeed();
    const total = seed.chats.reduce((sum, chat) => sum + chat.messages.length, 0);
    sim.seedHistory("drop", seed);
    await pairOverHttp(server, sim, "drop");
    const storedAtDrop = await eventually(async () => {
      const count = await storedCount("drop", seed);
      expect(count).toBeGreaterThan(0);
      return count;
    });
    sim.dropConnection("drop");
    expect(storedAtDrop).toBeLessThan(total);
    await eventually(async () => expect(await storedCount("drop", seed)).toBe(total));
    for (const chat of seed.chats) {
      const messages = (await server.get(`/api/drop/chats/${chat.id}/messages?limit=1000`)).body;
      const stored = messages.map((m: { id: string }) => m.id.split("_")[2]).sort();
      expect(stored).toEqual(chat.messages.map((m) => m.id).sort());
    }
    const chats = (await server.get("/api/drop/chats")).body.map((c: { id: string }) => c.id);
    expect(chats.sort()).toEqual(seed.chats.map((c) => c.id).sort());
    expect((await server.get("/api/sessions/drop")).body.status).toBe("WORKING");
  });

  it("a malformed frame from the server: the process survives and the session keeps working", async () => {
    sim.seedHistory("garbage", { chats: [] });
    await pairOverHttp(server, sim, "garbage");
    sim.sendMalformedFrame("garbage");
    // The engine either keeps the connection or reconnects; either way a new message gets through.
    const { id } = await sim.pushIncomingText("garbage", "12025550699@c.us", "after garbage");
    await eventually(async () => {
      const latest = (await server.get("/api/garbage/chats/12025550699@c.us/messages?limit=1"))
        .body;
      expect(latest[0]?.id).toBe(`false_12025550699@c.us_${id}`);
    });
    expect(server.child.exitCode).toBeNull();
    expect((await server.get("/api/sessions/garbage")).body.status).toBe("WORKING");
    // The garbage reached Baileys' decoder, and the engine caught it: the process-level safety
    // net in main.ts (unhandledRejection) was not needed.
    expect(server.output()).toContain("end of stream");
    expect(server.output()).not.toContain("unhandled rejection");
  });
});

// --- internal ---

/** Three chats of twelve messages: nine chunks of four, 300 ms apart. */
function longSeed(): HistorySeed {
  const chat = (n: number) => ({
    id: `1202555070${n}@c.us`,
    messages: Array.from({ length: 12 }, (_, i) => ({
      id: `E2EDROP${n}X${i}`,
      fromMe: i % 3 === 0,
      text: `drop ${n}/${i}`,
      timestamp: 1_700_000_000 + n * 1000 + i,
    })),
  });
  return { chats: [chat(1), chat(2), chat(3)] };
}

async function storedCount(session: string, seed: HistorySeed): Promise<number> {
  let count = 0;
  for (const chat of seed.chats) {
    const answer = await server.get(`/api/${session}/chats/${chat.id}/messages?limit=1000`);
    count += answer.status === 200 ? answer.body.length : 0;
  }
  return count;
}
