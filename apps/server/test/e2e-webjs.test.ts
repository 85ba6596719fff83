/**
 * @module End-to-end over the real WEBJS engine: the real server process with WEBJS as its default
 * engine, whatsapp-web.js in Chromium showing the fake WhatsApp Web page of a simulator in this test
 * process (`WA_WEBJS_PAGE_URL`), paired by QR over HTTP, then every chats route over HTTP, each
 * checked against what the simulated world saw. A missing Chromium fails (never a silent skip).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSimulator, type FakeWeb, type Simulator, startFakeWeb } from "@wa/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ALICE,
  BOB,
  CAROL,
  e2eSeed,
  GROUP,
  pairOverHttp,
  waitForHistory,
  webjsEnv,
} from "./e2e-world.ts";
import { eventually, type ServerProcess, startServer } from "./server-process.ts";
import { type Receiver, startReceiver } from "./webhook-receiver.ts";

const S = "e2ewebjs";
const chat = (chatId: string) => `/api/${S}/chats/${chatId}`;
const ids = (messages: Array<{ id: string }>) => messages.map((m) => m.id);
let sim: Simulator;
let web: FakeWeb;
let server: ServerProcess;
let receiver: Receiver;
const dataDir = mkdtempSync(join(tmpdir(), "wa-e2e-webjs-"));
const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

beforeAll(async () => {
  if (!existsSync(chromium))
    throw new Error(`Chromium is missing at ${chromium}: apt-get install -y chromium`);
  sim = await createSimulator({ receiptDelayMs: 50 });
  web = await startFakeWeb(sim, { receiptDelayMs: 50 });
  sim.seedHistory(S, e2eSeed());
  server = await startServer({ ...webjsEnv(web), WA_DATA_DIR: dataDir });
  receiver = await startReceiver();
  const webhooks = [{ url: receiver.url(), events: ["message", "chat.archive"] }];
  await pairOverHttp(server, sim, S, /^sim-web-/, { webhooks });
  await waitForHistory(server, S);
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await receiver?.close();
  await web?.close();
  await sim?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("WEBJS end to end over HTTP", { timeout: 90_000 }, () => {
  it("runs the session on WEBJS and lists the history chats newest first", async () => {
    expect((await server.get(`/api/sessions/${S}`)).body.engine).toEqual({ engine: "WEBJS" });
    const expected = [BOB, ALICE, GROUP, CAROL];
    expect(ids((await server.get(`/api/${S}/chats`)).body)).toEqual(expected);
    const overview = (await server.get(`/api/${S}/chats/overview`)).body;
    expect(ids(overview)).toEqual(expected);
    expect(overview[0]).toMatchObject({ name: "Bob", lastMessage: { body: "bob 1" } });
  });

  it("archives both ways and marks a chat unread", async () => {
    expect((await server.post(`${chat(BOB)}/archive`)).status).toBe(201);
    await eventually(() => expect(sim.chatState(S, BOB).archived).toBe(true));
    expect((await server.post(`${chat(BOB)}/unarchive`)).status).toBe(201);
    await eventually(() => expect(sim.chatState(S, BOB).archived).toBe(false));
    await sim.phoneSetArchived(S, ALICE, true);
    await eventually(async () => {
      const chats = (await server.get(`/api/${S}/chats`)).body as Array<{
        id: string;
        archived: boolean;
      }>;
      expect(chats.find((c) => c.id === ALICE)?.archived).toBe(true);
    });
    expect((await server.post(`${chat(BOB)}/unread`)).status).toBe(201);
    await eventually(() => expect(sim.chatState(S, BOB).markedUnread).toBe(true));
  });

  it("reads messages and serves pictures", async () => {
    const read = await server.post(`${chat(BOB)}/messages/read?days=5000`);
    expect(read.status).toBe(201);
    await eventually(() =>
      expect(sim.sent(S)).toContainEqual(expect.objectContaining({ kind: "read", chatId: BOB })),
    );
    sim.setProfilePicture(S, ALICE, "https://pictures.invalid/alice.jpg");
    const picture = await server.get(`${chat(ALICE)}/picture?refresh=true`);
    expect(picture.body).toEqual({ url: "https://pictures.invalid/alice.jpg" });
    expect((await server.get(`${chat(BOB)}/picture?refresh=true`)).body).toEqual({ url: null });
  });

  it("sends a text, then edits, pins, unpins and deletes it: the contact receives each", async () => {
    const sent = await server.post("/api/sendText", { session: S, chatId: BOB, text: "webjs hi" });
    expect(sent.status).toBe(201);
    const id = sent.body.id as string;
    const bare = id.split("_")[2];
    const latest = (await server.get(`${chat(BOB)}/messages?limit=1`)).body;
    expect(latest[0]).toMatchObject({ id, body: "webjs hi", fromMe: true, source: "api" });
    expect((await server.put(`${chat(BOB)}/messages/${id}`, { text: "webjs edited" })).status).toBe(
      200,
    );
    expect((await server.post(`${chat(BOB)}/messages/${id}/pin`, { duration: 86400 })).status).toBe(
      201,
    );
    expect((await server.post(`${chat(BOB)}/messages/${id}/unpin`)).status).toBe(201);
    expect((await server.del(`${chat(BOB)}/messages/${id}`)).status).toBe(200);
    await eventually(() =>
      expect(
        sim
          .sent(S)
          .filter((r) => r.targetId === bare)
          .map((r) => [r.kind, r.text]),
      ).toEqual([
        ["edit", "webjs edited"],
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

  it("webhooks: one chat.archive per archive (API and phone), and the contact's message", async () => {
    const archives = (chatId: string) =>
      receiver
        .accepted()
        .filter((e) => e.event === "chat.archive" && e.payload.id === chatId)
        .map((e) => e.payload.archived);
    await eventually(() => {
      expect(archives(BOB)).toEqual([true, false]);
      expect(archives(ALICE)).toEqual([true]);
      const message = receiver.accepted().find((e) => e.event === "message");
      expect(message).toMatchObject({ engine: "WEBJS", payload: { body: "live from alice" } });
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
});
