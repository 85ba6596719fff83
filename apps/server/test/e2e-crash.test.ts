/**
 * @module The crash test (issue 15, defect 1): the simulator in its own process, a contact's messages
 * pushed continuously, the server SIGKILLed at seeded random instants (at least 20 times) and restarted
 * on the same data each time. In the end every pushed message is stored exactly once (read back over
 * HTTP) and the chat state is intact. It holds because NOWEB acknowledges a message to WhatsApp only
 * after the store committed it, and WhatsApp (the simulator) delivers what was not acknowledged again.
 *
 * `CRASH_KILLS` and `CRASH_SEED` change the number of kills and the seed of the random instants. It
 * prints one JSON line with what it pushed and how long each restart took. Runs took 4.5 to 8 minutes at
 * a load average of 20 to 26 on 2 cores (each restart spends 2 to 21 s before it even listens), hence
 * the 15-minute bound.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Simulator } from "@wa/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type SimulatorProcess,
  startSimulatorProcess,
} from "../bench/sessions/simulator-process.ts";
import {
  ALICE,
  BOB,
  CAROL,
  e2eSeed,
  GROUP,
  pairOverHttp,
  SEED_COUNTS,
  waitForHistory,
} from "./e2e-world.ts";
import { eventually, type ServerProcess, startServer } from "./server-process.ts";

const S = "crash";
const KILLS = Number(process.env.CRASH_KILLS ?? 22);
const SEED = Number(process.env.CRASH_SEED ?? 15_001);
/** The longest random wait between a restart's WORKING and the next kill. */
const MAX_KILL_DELAY_MS = 1_500;
/**
 * The pause between two pushes (each also waits for the simulator's answer): about 5 messages a
 * second, so each restart meets a backlog of tens of messages that the store catches up on (WORKING
 * waits for it: Baileys' login queries queue behind the receipts the gate holds).
 */
const PUSH_PAUSE_MS = 200;
/** How long a restart may take to reach WORKING on a loaded machine. */
const WORKING_TIMEOUT_MS = 120_000;

let sim: SimulatorProcess;
let server: ServerProcess;
const dataDir = mkdtempSync(join(tmpdir(), "wa-e2e-crash-"));

const start = () =>
  startServer({
    WHATSAPP_DEFAULT_ENGINE: "NOWEB",
    WA_NOWEB_WS_URL: sim.url,
    WA_NOWEB_CERT_PUBLIC_KEY: sim.certRootPublicKey,
    WA_DATA_DIR: dataDir,
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** mulberry32: a small seeded generator, so a failing run can be replayed with its seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The WhatsApp message id (the last part) of each stored message of a chat, duplicates kept. */
async function storedIds(chatId: string): Promise<string[]> {
  const answer = await server.get(`/api/${S}/chats/${chatId}/messages?limit=100000`);
  expect(answer.status).toBe(200);
  return (answer.body as { id: string }[]).map((m) => m.id.split("_").at(-1) ?? "");
}

/** Waits for WORKING after the `kill`th restart; a failure carries the server's last output. */
async function working(kill: number): Promise<void> {
  try {
    await eventually(async () => {
      expect((await server.get(`/api/sessions/${S}`)).body?.status).toBe("WORKING");
    }, WORKING_TIMEOUT_MS);
  } catch (error) {
    throw new Error(
      `not WORKING after restart ${kill}: ${String(error)}\n${server.output().slice(-4000)}`,
    );
  }
}

beforeAll(async () => {
  sim = await startSimulatorProcess();
  await sim.call("seedHistory", S, e2eSeed());
  server = await start();
  // Pairing only needs the phone's QR scan, which the simulator process answers.
  const phone = { scanQr: (name: string, qr: string) => sim.call("scanQr", name, qr) };
  await pairOverHttp(server, phone as unknown as Simulator, S);
  await waitForHistory(server, S);
}, 120_000);

afterAll(async () => {
  await server?.kill();
  await sim?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("crash test", () => {
  it(`SIGKILLed ${KILLS} times while messages arrive: every message stored exactly once, chat state intact`, async () => {
    const archived = await server.post(`/api/${S}/chats/${encodeURIComponent(GROUP)}/archive`);
    expect(archived.status).toBeLessThan(300);
    await eventually(async () => {
      const chats = (await server.get(`/api/${S}/chats`)).body as {
        id: string;
        archived?: boolean;
      }[];
      expect(chats.find((c) => c.id === GROUP)?.archived).toBe(true);
    });

    const random = seededRandom(SEED);
    const pushed = new Map<string, string[]>([
      [ALICE, []],
      [BOB, []],
    ]);
    let pushing = true;
    const pusher = (async () => {
      for (let i = 0; pushing; i++) {
        const chatId = i % 2 === 0 ? ALICE : BOB;
        const { id } = (await sim.call("pushIncomingText", S, chatId, `crash ${i}`)) as {
          id: string;
        };
        pushed.get(chatId)?.push(id);
        await sleep(PUSH_PAUSE_MS);
      }
    })();

    const delays: number[] = [];
    /** Per restart: ms from the kill until it listened, and until the session was WORKING again. */
    const restarts: { listening: number; working: number }[] = [];
    const startedAt = Date.now();
    try {
      for (let kill = 1; kill <= KILLS; kill++) {
        const delay = Math.floor(random() * MAX_KILL_DELAY_MS);
        delays.push(delay);
        await sleep(delay);
        await server.kill();
        const killedAt = Date.now();
        server = await start();
        const listening = Date.now() - killedAt;
        await working(kill);
        restarts.push({ listening, working: Date.now() - killedAt });
      }
    } finally {
      pushing = false;
      await pusher;
    }

    const total = [...pushed.values()].reduce((sum, ids) => sum + ids.length, 0);
    console.info(
      JSON.stringify({
        crash: {
          seed: SEED,
          kills: KILLS,
          pushed: total,
          runMs: Date.now() - startedAt,
          delaysMs: delays,
          restartsMs: restarts,
        },
      }),
    );
    expect(total).toBeGreaterThan(KILLS);
    // Every pushed message stored: the count missing per chat must reach 0 (told in full if not).
    const missing = async () => {
      const counts: Record<string, number> = {};
      for (const [chatId, ids] of pushed) {
        const stored = new Set(await storedIds(chatId));
        counts[chatId] = ids.filter((id) => !stored.has(id)).length;
      }
      return counts;
    };
    await eventually(async () => {
      expect({ missing: await missing(), pushed: total }).toEqual({
        missing: { [ALICE]: 0, [BOB]: 0 },
        pushed: total,
      });
    }, 120_000);
    for (const [chatId, ids] of pushed) {
      const stored = await storedIds(chatId);
      // Exactly once: no duplicates, and nothing beyond the seed and what was pushed.
      expect(new Set(stored).size).toBe(stored.length);
      expect(stored).toHaveLength((SEED_COUNTS[chatId] ?? 0) + ids.length);
    }

    // Chat state: the archive from before the kills holds, the seeded chats are whole.
    const chats = (await server.get(`/api/${S}/chats`)).body as {
      id: string;
      archived?: boolean;
    }[];
    expect(chats.find((c) => c.id === GROUP)?.archived).toBe(true);
    expect(chats.find((c) => c.id === CAROL)?.archived).toBe(true);
    for (const chatId of [GROUP, CAROL]) {
      expect(await storedIds(chatId)).toHaveLength(SEED_COUNTS[chatId] ?? 0);
    }
  }, 900_000);
});
