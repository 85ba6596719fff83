/**
 * @module Events end to end over the real NOWEB engine: the real server process pointed at the
 * loopback simulator, webhooks to a real receiver on 127.0.0.1. The phone's archive and the API's
 * archive each give exactly one `chat.archive`; a contact's message gives `message` and the
 * receiver reads it back; every POST carries a valid HMAC; the server is SIGKILLed with 1,000 undelivered events, and again at a
 * random instant while delivering, and after each restart every event arrives (duplicates only
 * with the same id), each chat's in order.
 */
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSimulator, type Simulator } from "@wa/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ALICE,
  BOB,
  e2eSeed,
  nowebEnv,
  pairOverHttp,
  waitForHistory,
  waitForStatus,
} from "./e2e-world.ts";
import { eventually, type ServerProcess, startServer } from "./server-process.ts";
import { type Receiver, startReceiver } from "./webhook-receiver.ts";

const S = "events";
const BURST = 1000;
const HMAC_KEY = "e2e-events-key";
let sim: Simulator;
let server: ServerProcess;
let receiver: Receiver;
const dataDir = mkdtempSync(join(tmpdir(), "wa-e2e-events-"));

const start = () => startServer({ ...nowebEnv(sim), WA_DATA_DIR: dataDir });
const ofEvent = (event: string) => receiver.accepted().filter((e) => e.event === event);

beforeAll(async () => {
  sim = await createSimulator({ receiptDelayMs: 50 });
  sim.seedHistory(S, e2eSeed());
  receiver = await startReceiver();
  server = await start();
  const webhooks = [
    {
      url: receiver.url(),
      events: ["message", "chat.archive", "session.status"],
      retries: { policy: "constant", delaySeconds: 0.2, attempts: 1000 },
      hmac: { key: HMAC_KEY },
    },
  ];
  await pairOverHttp(server, sim, S, undefined, { webhooks });
  await waitForHistory(server, S);
}, 90_000);
afterAll(async () => {
  await server?.stop();
  await sim?.close();
  await receiver?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("NOWEB events end to end", { timeout: 300_000 }, () => {
  it("reports the session's statuses and no message for history", async () => {
    await eventually(() =>
      expect(ofEvent("session.status").map((e) => e.payload.status)).toEqual(
        expect.arrayContaining(["STARTING", "SCAN_QR_CODE", "WORKING"]),
      ),
    );
    expect(ofEvent("message")).toEqual([]);
    expect(ofEvent("session.status")[0]).toMatchObject({ engine: "NOWEB", session: S });
  });

  it("a contact's message arrives as `message`, and reads back from the API", async () => {
    const { id } = await sim.pushIncomingText(S, ALICE, "hello from the phone");
    const event = await eventually(() => {
      const found = ofEvent("message").find((e) => e.payload.id.endsWith(id));
      expect(found).toBeDefined();
      return found;
    });
    expect(event.me.id).toMatch(/@c\.us$/);
    const read = await server.get(`/api/${S}/chats/${ALICE}/messages/${event.payload.id}`);
    expect(read.body).toEqual(event.payload);
  });

  it("archive on the phone and through the API: one chat.archive each", async () => {
    await sim.phoneSetArchived(S, ALICE, true);
    await eventually(() =>
      expect(ofEvent("chat.archive").filter((e) => e.payload.id === ALICE)).toHaveLength(1),
    );
    expect((await server.post(`/api/${S}/chats/${BOB}/archive`)).status).toBe(201);
    await eventually(() => expect(sim.chatState(S, BOB).archived).toBe(true));
    // A later message flushes whatever the engine held back (Baileys' echo of our own archive).
    const { id } = await sim.pushIncomingText(S, ALICE, "after the archive");
    await eventually(() =>
      expect(ofEvent("message").some((e) => e.payload.id.endsWith(id))).toBe(true),
    );
    const bob = ofEvent("chat.archive").filter((e) => e.payload.id === BOB);
    expect(bob.map((e) => e.payload.archived)).toEqual([true]);
    const alice = ofEvent("chat.archive").filter((e) => e.payload.id === ALICE);
    expect(alice.map((e) => e.payload.archived)).toEqual([true]);
  });

  it("SIGKILL with 1,000 undelivered events, and again while delivering: all arrive, duplicates only with the same id", async () => {
    await receiver.down();
    const pushed = new Set<string>();
    for (let i = 0; i < BURST; i++) {
      const { id } = await sim.pushIncomingText(S, i % 2 ? ALICE : BOB, `burst ${i}`);
      pushed.add(id);
    }
    const burstEvents = () =>
      receiver.received.filter(
        (r) => r.envelope?.event === "message" && pushed.has(r.envelope.payload.id.split("_")[2]),
      );
    // Every message is stored (so its event is too) before the kill; none was delivered.
    await eventually(async () => {
      const all = await server.get(`/api/${S}/chats/all/messages?limit=5000`);
      const stored = all.body.filter((m: { id: string }) => pushed.has(m.id.split("_")[2] ?? ""));
      expect(stored).toHaveLength(BURST);
    }, 90_000);
    expect(burstEvents()).toEqual([]);
    await server.kill();

    // Restart with the receiver up but slow, and kill again at a random instant mid-delivery.
    receiver.answer = () => ({ status: 200, delayMs: 5 });
    await receiver.up();
    server = await start();
    const cut = 100 + Math.floor(Math.random() * 500);
    await eventually(() => expect(burstEvents().length).toBeGreaterThanOrEqual(cut), 90_000);
    await server.kill();
    const beforeSecondKill = burstEvents().length;
    expect(beforeSecondKill).toBeLessThan(BURST);

    receiver.answer = () => ({ status: 200 });
    const restartedAt = Date.now();
    server = await start();
    await waitForStatus(server, S, "WORKING");
    await eventually(() => {
      const ids = new Set(burstEvents().map((r) => r.envelope.payload.id.split("_")[2]));
      expect(ids.size).toBe(BURST);
    }, 90_000);
    // At least once, none missing; a message always came with one and the same event id.
    const eventIdOf = new Map<string, string>();
    for (const r of burstEvents()) {
      const messageId = r.envelope.payload.id as string;
      const known = eventIdOf.get(messageId);
      expect(known ?? r.envelope.id).toBe(r.envelope.id);
      expect(r.headers["x-webhook-request-id"]).toBe(r.envelope.id);
      eventIdOf.set(messageId, r.envelope.id);
    }
    expect(eventIdOf.size).toBe(BURST);
    expect(new Set(eventIdOf.values()).size).toBe(BURST);
    // Every POST is signed; after the last restart each chat's events arrive in order.
    for (const r of burstEvents()) {
      expect(r.headers["x-webhook-hmac"]).toBe(
        createHmac("sha512", HMAC_KEY).update(r.body).digest("hex"),
      );
    }
    const resumed = burstEvents().filter((r) => r.at >= restartedAt);
    for (const chatId of [ALICE, BOB]) {
      const order = resumed
        .filter((r) => r.envelope.payload.from === chatId)
        .map((r) => Number(r.envelope.payload.body.split(" ")[1]));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(new Set(order).size).toBe(order.length);
    }
  });
});
