/**
 * @module WEBJS faults end to end: the real server process with whatsapp-web.js in Chromium against
 * the fake WhatsApp Web page of a simulator in this process. The page reloads; the browser is
 * killed; the server is SIGKILLed and restarted on the same data; the session is stopped, logged
 * out and deleted. Each time the session recovers (without a QR while it is paired) or ends
 * cleanly, the server keeps answering, and no Chromium process of the session is left behind.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSimulator, type FakeWeb, type Simulator, startFakeWeb } from "@wa/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aliveInGroups, browserGroups } from "./chromium-processes.ts";
import {
  ALICE,
  e2eSeed,
  pairOverHttp,
  SEED_COUNTS,
  waitForHistory,
  waitForStatus,
  webjsEnv,
} from "./e2e-world.ts";
import { eventually, type ServerProcess, startServer } from "./server-process.ts";

const S = "wjfaults";
const OTHER = "wjdeleted";
let sim: Simulator;
let web: FakeWeb;
let server: ServerProcess;
const dataDir = mkdtempSync(join(tmpdir(), "wa-e2e-webjs-faults-"));
const profile = (session: string) => join(dataDir, "webjs", `session-${session}`);
const start = () => startServer({ ...webjsEnv(web), WA_DATA_DIR: dataDir });

/** Bounds for a browser to die and for a session to come back, under a loaded machine. */
const DIES_MS = 30_000;
const RECOVERS_MS = 90_000;

beforeAll(async () => {
  sim = await createSimulator({ receiptDelayMs: 50 });
  web = await startFakeWeb(sim, { receiptDelayMs: 50 });
  sim.seedHistory(S, e2eSeed());
  server = await start();
  await pairOverHttp(server, sim, S, /^sim-web-/);
  await waitForHistory(server, S);
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await web?.close();
  await sim?.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

/** A contact's message reaches the store (the session is really working). */
async function liveMessageArrives(text: string) {
  const { id } = await sim.pushIncomingText(S, ALICE, text);
  await eventually(async () => {
    const latest = (await server.get(`/api/${S}/chats/${ALICE}/messages?limit=1`)).body;
    expect(latest[0]).toMatchObject({ id: `false_${ALICE}_${id}`, body: text });
  }, RECOVERS_MS);
}

/** Without the engine's raw library objects (`_data`, `_chat`) at any depth: they are re-read on sync. */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "_data" && key !== "_chat")
      .map(([key, inner]) => [key, strip(inner)]),
  );
}

/** Every chat and every message as the API shows them, without the engine's raw objects. */
async function everything() {
  const chats = (await server.get(`/api/${S}/chats/overview?limit=100`)).body;
  const messages: Record<string, unknown> = {};
  for (const chatId of Object.keys(SEED_COUNTS)) {
    const page = await server.get(`/api/${S}/chats/${chatId}/messages?limit=100`);
    messages[chatId] = strip(page.body);
  }
  return { chats: strip(chats), messages };
}

describe("WEBJS faults over HTTP", { timeout: 240_000 }, () => {
  it("the page reloads: WORKING again, live messages arrive", async () => {
    expect(web.reloadPage(S)).toBe(true);
    await waitForStatus(server, S, "WORKING");
    await liveMessageArrives("after the reload");
  });

  it("the browser is killed: a new one starts, WORKING without a QR, nothing orphaned", async () => {
    const groups = browserGroups(profile(S));
    expect(groups).toHaveLength(1);
    process.kill(groups[0] as number, "SIGKILL");
    await eventually(() => expect(aliveInGroups(groups)).toEqual([]), DIES_MS);
    await eventually(async () => {
      expect((await server.get(`/api/sessions/${S}`)).body.status).toBe("WORKING");
      expect(browserGroups(profile(S))).toHaveLength(1);
    }, RECOVERS_MS);
    expect(browserGroups(profile(S))).not.toEqual(groups);
    await liveMessageArrives("after the browser died");
  });

  it("SIGKILL of the server: its Chromium dies with it; a restart is WORKING without a QR, same data", async () => {
    const before = await everything();
    const groups = browserGroups(profile(S));
    expect(groups).toHaveLength(1);
    await server.kill();
    await eventually(() => expect(aliveInGroups(groups)).toEqual([]), DIES_MS);
    server = await start();
    // Nobody scans a QR here: a session that needed one would stay SCAN_QR_CODE.
    await eventually(async () => {
      expect((await server.get(`/api/sessions/${S}`)).body.status).toBe("WORKING");
    }, RECOVERS_MS);
    await eventually(async () => expect(await everything()).toEqual(before));
    await liveMessageArrives("after the restart");
  });

  it("stop leaves no Chromium behind; start is WORKING again without a QR", async () => {
    const groups = browserGroups(profile(S));
    expect((await server.post(`/api/sessions/${S}/stop`)).status).toBeLessThan(300);
    await eventually(() => expect(aliveInGroups(groups)).toEqual([]), DIES_MS);
    expect(existsSync(profile(S))).toBe(true);
    expect((await server.post(`/api/sessions/${S}/start`)).status).toBeLessThan(300);
    await eventually(async () => {
      expect((await server.get(`/api/sessions/${S}`)).body.status).toBe("WORKING");
    }, RECOVERS_MS);
  });

  it("logout and delete leave no Chromium behind and remove the LocalAuth profile", async () => {
    const groups = browserGroups(profile(S));
    expect((await server.post(`/api/sessions/${S}/logout`)).status).toBeLessThan(300);
    await eventually(() => expect(aliveInGroups(groups)).toEqual([]), DIES_MS);
    // Logout restarts a running session: its new browser finds no login in the profile, so a QR.
    await eventually(async () => {
      expect((await server.get(`/api/sessions/${S}`)).body.status).toBe("SCAN_QR_CODE");
    }, RECOVERS_MS);

    sim.seedHistory(OTHER, e2eSeed());
    await pairOverHttp(server, sim, OTHER, /^sim-web-/);
    const others = browserGroups(profile(OTHER));
    expect(others).toHaveLength(1);
    expect((await server.del(`/api/sessions/${OTHER}`)).status).toBeLessThan(300);
    await eventually(() => {
      expect(aliveInGroups(others)).toEqual([]);
      expect(existsSync(profile(OTHER))).toBe(false);
    }, DIES_MS);
    expect((await server.get("/api/sessions?all=true")).status).toBe(200);
  });
});
