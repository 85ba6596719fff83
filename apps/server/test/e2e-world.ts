/**
 * @module The world of the NOWEB end-to-end tests: a seeded history with known ids, times and order,
 * and pairing a session over HTTP (create, read the raw QR, the simulated phone scans, WORKING).
 */
import type { HistorySeed } from "@wa/engine-testkit";
import type { FakeWeb, Simulator } from "@wa/sandbox";
import { expect } from "vitest";
import { eventually, type ServerProcess } from "./server-process.ts";

export const ALICE = "12025550601@c.us";
export const BOB = "12025550602@c.us";
export const CAROL = "12025550603@c.us";
export const GROUP = "120363000000000602@g.us";
export const GROUP_MEMBER = "12025550604@c.us";
const T0 = 1_700_000_000;

/** Alice's six history messages, oldest first: even ones are ours. */
export const ALICE_MESSAGES = Array.from({ length: 6 }, (_, i) => ({
  id: `E2EALICE${i}`,
  fromMe: i % 2 === 0,
  text: `alice history ${i}`,
  timestamp: T0 + i * 100,
}));

/** Chats newest first by last message: Bob, Alice, the group, Carol (archived). */
export function e2eSeed(): HistorySeed {
  return {
    chats: [
      { id: ALICE, name: "Alice", messages: ALICE_MESSAGES.map((m) => ({ ...m })) },
      {
        id: BOB,
        name: "Bob",
        messages: [
          { id: "E2EBOB0", fromMe: false, text: "bob 0", timestamp: T0 + 900 },
          { id: "E2EBOB1", fromMe: false, text: "bob 1", timestamp: T0 + 1000 },
        ],
      },
      {
        id: GROUP,
        name: "E2E group",
        messages: [
          {
            id: "E2EGRP0",
            fromMe: false,
            text: "g0",
            timestamp: T0 + 300,
            participant: GROUP_MEMBER,
          },
          { id: "E2EGRP1", fromMe: true, text: "g1", timestamp: T0 + 450 },
        ],
      },
      {
        id: CAROL,
        name: "Carol",
        archived: true,
        messages: [{ id: "E2ECAROL0", fromMe: false, text: "carol", timestamp: T0 + 10 }],
      },
    ],
    contacts: [{ id: ALICE, name: "Alice", pushName: "Alice P." }],
  };
}

/** The seed's message count per chat. */
export const SEED_COUNTS: Record<string, number> = { [ALICE]: 6, [BOB]: 2, [GROUP]: 2, [CAROL]: 1 };

/** Creates a session (the server's default engine) over HTTP and pairs it by QR through the simulated phone. */
export async function pairOverHttp(
  server: ServerProcess,
  sim: Simulator,
  name: string,
  qrShape = /^https:\/\/wa\.me\/settings\/linked_devices#/,
  config?: Record<string, unknown>,
) {
  const created = await server.post("/api/sessions", config ? { name, config } : { name });
  expect(created.status).toBe(201);
  const qr = await eventually(async () => {
    const answer = await server.get(`/api/${name}/auth/qr?format=raw`);
    expect(answer.status).toBe(200);
    return answer.body.value as string;
  });
  expect(qr).toMatch(qrShape);
  await sim.scanQr(name, qr);
  await waitForStatus(server, name, "WORKING");
}

/** Polls the session until it has `status`. */
export async function waitForStatus(server: ServerProcess, name: string, status: string) {
  await eventually(async () => {
    expect((await server.get(`/api/sessions/${name}`)).body?.status).toBe(status);
  });
}

/** Polls until every seeded chat has its messages stored; returns the overview. */
export async function waitForHistory(server: ServerProcess, name: string) {
  return eventually(async () => {
    for (const [chatId, count] of Object.entries(SEED_COUNTS)) {
      const messages = await server.get(`/api/${name}/chats/${chatId}/messages?limit=100`);
      expect(messages.body).toHaveLength(count);
    }
    return (await server.get(`/api/${name}/chats/overview`)).body;
  });
}

/** The simulator's root key as `WA_NOWEB_CERT_PUBLIC_KEY` wants it, with its URL. */
export function nowebEnv(sim: Simulator): Record<string, string> {
  return {
    WHATSAPP_DEFAULT_ENGINE: "NOWEB",
    WA_NOWEB_WS_URL: sim.url,
    WA_NOWEB_CERT_PUBLIC_KEY: sim.certRootPublicKey.toString("hex"),
    WA_NOWEB_MEDIA_CA: sim.mediaCertificate,
  };
}

/** The server environment that runs WEBJS sessions against the fake page of `page`. */
export function webjsEnv(page: FakeWeb): Record<string, string> {
  return {
    WHATSAPP_DEFAULT_ENGINE: "WEBJS",
    WA_WEBJS_PAGE_URL: page.remotePath,
    WA_WEBJS_VERSION: page.webVersion,
    WA_WEBJS_CHROMIUM_ARGS: JSON.stringify(page.chromiumArgs),
  };
}
