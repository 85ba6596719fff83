/**
 * @module End-to-end over the real NOWEB engine: the real server process (tsx) pointed at a loopback
 * simulator in this test process (`WA_NOWEB_WS_URL`, `WA_NOWEB_CERT_PUBLIC_KEY`), paired by QR over
 * HTTP, then every chats route over HTTP, each checked against what the simulated world saw.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSimulator, type Simulator } from "@wa/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ALICE,
  ALICE_MESSAGES,
  BOB,
  CAROL,
  e2eSeed,
  GROUP,
  nowebEnv,
  pairOverHttp,
  waitForHistory,
} from "./e2e-world.ts";
import { eventually, type ServerProcess, startServer } from "./server-process.ts";

const S = "e2e";
const chat = (chatId: string) => `/api/${S}/chats/${chatId}`;
const ids = (messages: Array<{ id: string }>) => messages.map((m) => m.id);
const aliceId = (i: number) => `${i % 2 === 0}_${ALICE}_E2EALICE${i}`;
let sim: Simulator;
let server: ServerProcess;
const dataDir = mkdtempSync(join(tmpdir(), "wa-e2e-"));

beforeAll(async () => {
  sim = await createSimulator({ receiptDelayMs: 50 });
  sim.seedHistory(S, e2eSeed());
  // The media host's certificate, trusted the way a deployment trusts a private CA.
  const ca = join(dataDir, "media-ca.pem");
  writeFileSync(ca, sim.mediaCertificate);
  server = await startServer({ ...nowebEnv(sim), WA_DATA_DIR: dataDir, NODE_EXTRA_CA_CERTS: ca });
  await pairOverHttp(server, sim, S);
  await waitForHistory(server, S);
}, 90_000);
afterAll(async () => {
  await server?.stop();
  await sim?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function archivedOverHttp(chatId: string): Promise<boolean | undefined> {
  const chats = (await server.get(`/api/${S}/chats`)).body as Array<{
    id: string;
    archived: boolean;
  }>;
  return chats.find((c) => c.id === chatId)?.archived;
}

describe("NOWEB end to end over HTTP", { timeout: 90_000 }, () => {
  it("lists the history chats newest first (GET /chats, GET and POST overview)", async () => {
    const expected = [BOB, ALICE, GROUP, CAROL];
    expect(ids((await server.get(`/api/${S}/chats`)).body)).toEqual(expected);
    const overview = (await server.get(`/api/${S}/chats/overview`)).body;
    expect(ids(overview)).toEqual(expected);
    expect(overview[0]).toMatchObject({ name: "Bob", lastMessage: { body: "bob 1" } });
    const picked = await server.post(`/api/${S}/chats/overview`, {
      filter: { ids: [ALICE, CAROL] },
    });
    expect(ids(picked.body)).toEqual([ALICE, CAROL]);
    const page = await server.get(`/api/${S}/chats?limit=2&offset=1`);
    expect(ids(page.body)).toEqual([ALICE, GROUP]);
  });

  it("pages and filters messages (limit/offset, fromMe, timestamps, ack) and reads one by id", async () => {
    const all = (await server.get(`${chat(ALICE)}/messages?limit=100`)).body;
    expect(ids(all)).toEqual([5, 4, 3, 2, 1, 0].map(aliceId));
    expect(all.map((m: { body: string }) => m.body)).toEqual(
      [...ALICE_MESSAGES].reverse().map((m) => m.text),
    );
    const page = await server.get(`${chat(ALICE)}/messages?limit=2&offset=2`);
    expect(ids(page.body)).toEqual([aliceId(3), aliceId(2)]);
    const mine = await server.get(`${chat(ALICE)}/messages?filter.fromMe=true`);
    expect(ids(mine.body)).toEqual([aliceId(4), aliceId(2), aliceId(0)]);
    const [gte, lte] = [ALICE_MESSAGES[1]?.timestamp, ALICE_MESSAGES[3]?.timestamp];
    const window = await server.get(
      `${chat(ALICE)}/messages?filter.timestamp.gte=${gte}&filter.timestamp.lte=${lte}`,
    );
    expect(ids(window.body)).toEqual([aliceId(3), aliceId(2), aliceId(1)]);
    for (const ackName of ["PENDING", "SERVER", "DEVICE", "READ", "PLAYED"]) {
      const byAck = await server.get(`${chat(ALICE)}/messages?filter.ack=${ackName}&limit=100`);
      const expected = all.filter((m: { ackName: string }) => m.ackName === ackName);
      expect(ids(byAck.body), ackName).toEqual(ids(expected));
    }
    const one = await server.get(`${chat(ALICE)}/messages/${aliceId(1)}`);
    expect(one.body).toMatchObject({ id: aliceId(1), body: "alice history 1", fromMe: false });
    expect((await server.get(`${chat(ALICE)}/messages/false_${ALICE}_NOPE`)).status).toBe(404);
  });

  it("archives both ways: the client's archive reaches the world, the phone's reaches the API", async () => {
    expect((await server.post(`${chat(BOB)}/archive`)).status).toBe(201);
    await eventually(() => expect(sim.chatState(S, BOB).archived).toBe(true));
    // The store learns it from Baileys' own echo of the patch, moments after the 201.
    await eventually(async () => expect(await archivedOverHttp(BOB)).toBe(true));
    expect((await server.post(`${chat(BOB)}/unarchive`)).status).toBe(201);
    await eventually(() => expect(sim.chatState(S, BOB).archived).toBe(false));
    await eventually(async () => expect(await archivedOverHttp(BOB)).toBe(false));
    await sim.phoneSetArchived(S, ALICE, true);
    await eventually(async () => expect(await archivedOverHttp(ALICE)).toBe(true));
  });

  it("marks a chat unread, reads its messages, and serves its picture", async () => {
    expect((await server.post(`${chat(BOB)}/unread`)).status).toBe(201);
    await eventually(() => expect(sim.chatState(S, BOB).markedUnread).toBe(true));
    // The seed is from 2023: widen WAHA's 7-day window.
    const read = await server.post(`${chat(BOB)}/messages/read?days=5000`);
    expect(read.status).toBe(201);
    expect(read.body.ids).toEqual(expect.arrayContaining([`false_${BOB}_E2EBOB1`]));
    await eventually(() =>
      expect(sim.sent(S)).toContainEqual(expect.objectContaining({ kind: "read", chatId: BOB })),
    );
    sim.setProfilePicture(S, ALICE, "https://pictures.invalid/alice.jpg");
    const picture = await server.get(`${chat(ALICE)}/picture?refresh=true`);
    expect(picture.body).toEqual({ url: "https://pictures.invalid/alice.jpg" });
    expect((await server.get(`${chat(BOB)}/picture?refresh=true`)).body).toEqual({ url: null });
  });

  it("sends a text, then edits, pins, unpins and deletes it: the contact receives each", async () => {
    const sent = await server.post("/api/sendText", { session: S, chatId: BOB, text: "e2e hi" });
    expect(sent.status).toBe(201);
    const id = sent.body.id as string;
    const bare = id.split("_")[2];
    expect(sim.sent(S)).toContainEqual(
      expect.objectContaining({ kind: "text", id: bare, text: "e2e hi" }),
    );
    const listed = await eventually(async () => {
      const latest = (await server.get(`${chat(BOB)}/messages?limit=1`)).body;
      expect(latest[0]).toMatchObject({ id, body: "e2e hi", fromMe: true });
      return latest[0];
    });
    expect(listed.source).toBe("api");
    expect((await server.put(`${chat(BOB)}/messages/${id}`, { text: "e2e edited" })).status).toBe(
      200,
    );
    expect((await server.post(`${chat(BOB)}/messages/${id}/pin`, { duration: 86400 })).status).toBe(
      201,
    );
    expect((await server.post(`${chat(BOB)}/messages/${id}/unpin`)).status).toBe(201);
    expect((await server.get(`${chat(BOB)}/messages/${id}/reactions`)).body).toEqual([]);
    expect((await server.del(`${chat(BOB)}/messages/${id}`)).status).toBe(200);
    await eventually(() =>
      expect(
        sim
          .sent(S)
          .filter((r) => r.targetId === bare)
          .map((r) => [r.kind, r.text]),
      ).toEqual([
        ["edit", "e2e edited"],
        ["pin", undefined],
        ["unpin", undefined],
        ["revoke", undefined],
      ]),
    );
  });

  it("stores a contact's live message", async () => {
    const { id } = await sim.pushIncomingText(S, ALICE, "live from alice");
    await eventually(async () => {
      const latest = (await server.get(`${chat(ALICE)}/messages?limit=1`)).body;
      expect(latest[0]).toMatchObject({ id: `false_${ALICE}_${id}`, body: "live from alice" });
    });
  });

  it("clears a chat's messages and deletes a chat, in the store and in the world", async () => {
    expect((await server.del(`${chat(GROUP)}/messages`)).status).toBe(200);
    await eventually(() => expect(sim.chatState(S, GROUP).cleared).toBe(true));
    expect((await server.get(`${chat(GROUP)}/messages`)).body).toEqual([]);
    expect((await server.del(chat(CAROL))).status).toBe(200);
    await eventually(() => expect(sim.chatState(S, CAROL).deleted).toBe(true));
    await eventually(async () =>
      expect(ids((await server.get(`/api/${S}/chats`)).body)).not.toContain(CAROL),
    );
  });

  it("downloads a contact's photo (trusting the media host by NODE_EXTRA_CA_CERTS) and serves it", async () => {
    const data = randomBytes(20_000);
    const { id } = await sim.pushIncomingMedia(S, ALICE, {
      type: "image",
      data,
      mimetype: "image/jpeg",
    });
    const message = await eventually(async () => {
      const answer = await server.get(`${chat(ALICE)}/messages/false_${ALICE}_${id}`);
      expect(answer.status).toBe(200);
      return answer.body;
    });
    expect(message.media).toEqual({
      url: `${server.url}/api/files/${S}/${id}.jpeg`,
      mimetype: "image/jpeg",
      filename: null,
    });
    const file = await fetch(message.media.url, {
      headers: { "x-api-key": "e2e-test-strong-key" },
    });
    expect(Buffer.from(await file.arrayBuffer()).equals(data)).toBe(true);
    const withoutKey = await fetch(`${server.url}/api/files/${S}/${id}.jpeg`);
    expect(withoutKey.status).toBe(401);
  });
});
