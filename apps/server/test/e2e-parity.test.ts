/**
 * @module Cross-engine parity: one server process runs a NOWEB and a WEBJS session, each paired with
 * its own simulated account seeded with the same world (and the same profile pictures), and every
 * read route must answer both alike. WEBJS stores only the newest 10 messages per chat when it is
 * ready (`WA_WEBJS_SYNC_MESSAGES`), so reads reaching further fetch older ones from the page
 * (`messages.history`); the answers must still be NOWEB's, which got the whole history.
 * Compared: ids, names, order, pagination, filters, unread counts, pictures, message bodies and
 * acks. The fields that cannot match are left out by name, and each must be listed with its
 * reason in docs/engines.md (`WEBJS_DEVIATIONS`). The world itself: `e2e-parity-world.ts`.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSimulator, type FakeWeb, type Simulator, startFakeWeb } from "@wa/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WEBJS_DEVIATIONS } from "../src/docs/engine-tables.ts";
import {
  ALICE,
  BOB,
  CAROL,
  CHATS,
  DAVE,
  EVE,
  FILES,
  FRANK,
  GROUP,
  paritySeed,
  T0,
} from "./e2e-parity-world.ts";
import { nowebEnv, waitForStatus, webjsEnv } from "./e2e-world.ts";
import { eventually, type ServerProcess, startServer } from "./server-process.ts";

const NOWEB = "paritynoweb";
const WEBJS = "paritywebjs";

/**
 * Keys each engine fills from its own library object, left out of the comparison; the text names
 * the entry of `WEBJS_DEVIATIONS` (docs/engines.md) that gives the reason.
 */
const ENGINE_OWN_KEYS: Record<string, string> = {
  _data: "`_data` of messages",
  _chat: "`_chat` of overview items",
};

let sim: Simulator;
let web: FakeWeb;
let server: ServerProcess;
const dataDir = mkdtempSync(join(tmpdir(), "wa-e2e-parity-"));
const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

beforeAll(async () => {
  if (!existsSync(chromium))
    throw new Error(`Chromium is missing at ${chromium}: apt-get install -y chromium`);
  sim = await createSimulator({ receiptDelayMs: 50 });
  web = await startFakeWeb(sim, { receiptDelayMs: 50 });
  server = await startServer({
    ...webjsEnv(web),
    ...nowebEnv(sim),
    WA_WEBJS_SYNC_MESSAGES: "10",
    WA_DATA_DIR: dataDir,
  });
  for (const [session, engine, qrShape] of [
    [NOWEB, "NOWEB", /^https:\/\/wa\.me\//],
    [WEBJS, "WEBJS", /^sim-web-/],
  ] as const) {
    sim.seedHistory(session, paritySeed());
    const created = await server.post("/api/sessions", { name: session, engine });
    expect(created.status).toBe(201);
    const qr = await eventually(async () => {
      const answer = await server.get(`/api/${session}/auth/qr?format=raw`);
      expect(answer.status).toBe(200);
      return answer.body.value as string;
    });
    expect(qr).toMatch(qrShape);
    await sim.scanQr(session, qr);
    await waitForStatus(server, session, "WORKING");
    sim.setProfilePicture(session, ALICE, "https://pictures.invalid/alice.jpg");
  }
  // Both sessions answer the whole world (WEBJS reading past its store) before anything is compared.
  await eventually(async () => {
    for (const session of [NOWEB, WEBJS]) {
      for (const chat of paritySeed().chats) {
        const stored = await server.get(`/api/${session}/chats/${chat.id}/messages?limit=100`);
        expect(stored.body).toHaveLength(chat.messages.length);
      }
    }
  }, 90_000);
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await web?.close();
  await sim?.close();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

/** The answer of `path` (under `/api/{session}`, or with `{session}` in it) on both sessions. */
async function both(path: string, body?: unknown) {
  const url = (session: string) =>
    path.includes("{session}") ? path.replaceAll("{session}", session) : `/api/${session}${path}`;
  const call = (session: string) =>
    body === undefined ? server.get(url(session)) : server.post(url(session), body);
  const [noweb, webjs] = await Promise.all([call(NOWEB), call(WEBJS)]);
  return { noweb, webjs };
}

/**
 * Drops the engine's own keys (see {@link ENGINE_OWN_KEYS}) at any depth, and the session's name
 * from file URLs (each session serves its own copy of a file).
 */
function comparable(value: unknown, session: string): unknown {
  if (typeof value === "string")
    return value.replaceAll(`/api/files/${session}/`, "/api/files/{session}/");
  if (Array.isArray(value)) return value.map((item) => comparable(item, session));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !(key in ENGINE_OWN_KEYS))
      .map(([key, inner]) => [key, comparable(inner, session)]),
  );
}

/** Both sessions answer `path` with the same status and the same comparable body. */
async function expectSame(path: string, body?: unknown) {
  const { noweb, webjs } = await both(path, body);
  expect(webjs.status, `${path}: status`).toBe(noweb.status);
  expect(noweb.status, `${path}: NOWEB status`).toBeLessThan(300);
  expect(comparable(webjs.body, WEBJS), `${path}: WEBJS answer vs NOWEB answer`).toEqual(
    comparable(noweb.body, NOWEB),
  );
  return noweb.body;
}

/** A GET /chats item has the raw library chat under our fields: compare our fields only. */
const CHAT_FIELDS = ["id", "name", "conversationTimestamp", "unreadCount", "archived"];
const chatFields = (chats: Array<Record<string, unknown>>) =>
  chats.map((chat) => Object.fromEntries(CHAT_FIELDS.map((field) => [field, chat[field]])));

describe("NOWEB and WEBJS answer every read route alike", { timeout: 120_000 }, () => {
  it("every field left out is listed with its reason in docs/engines.md", () => {
    const documented = WEBJS_DEVIATIONS.map(([field]) => field).join("\n");
    for (const field of [...Object.values(ENGINE_OWN_KEYS), "raw fields of `GET /chats` items"])
      expect(documented).toContain(field);
  });

  it("GET /chats: ids, names, order, pagination, sorting, unread counts, archive flags", async () => {
    for (const query of [
      "",
      "?limit=2&offset=1",
      "?sortBy=name&sortOrder=asc",
      "?sortBy=id&sortOrder=desc",
      "?sortBy=conversationTimestamp&sortOrder=asc&limit=4",
    ]) {
      const { noweb, webjs } = await both(`/chats${query}`);
      expect(webjs.status).toBe(noweb.status);
      expect(chatFields(webjs.body), `/chats${query}`).toEqual(chatFields(noweb.body));
    }
    const all = (await both("/chats")).noweb.body as Array<{ id: string }>;
    expect(all.map((c) => c.id).sort()).toEqual([...CHATS].sort());
  });

  it("chats overview: pages, id filters (GET and POST), last messages, pictures", async () => {
    const overview = (await expectSame("/chats/overview")) as Array<Record<string, unknown>>;
    expect(overview.map((c) => c.id)).toEqual([CAROL, GROUP, EVE, FRANK, BOB, DAVE, ALICE]);
    expect(overview.find((c) => c.id === ALICE)).toMatchObject({ name: "Alice", unreadCount: 2 });
    await expectSame("/chats/overview?limit=2&offset=2");
    await expectSame(`/chats/overview?ids=${ALICE}&ids=${GROUP}`);
    await expectSame("/chats/overview", { pagination: { limit: 3, offset: 1 } });
    await expectSame("/chats/overview", { filter: { ids: [BOB, EVE] } });
  });

  it("profile pictures, with and without refresh", async () => {
    for (const chatId of [ALICE, BOB]) {
      const url = await expectSame(`/chats/${chatId}/picture?refresh=true`);
      expect(url).toEqual({
        url: chatId === ALICE ? "https://pictures.invalid/alice.jpg" : null,
      });
      await expectSame(`/chats/${chatId}/picture`);
    }
  });

  it("messages of every chat: bodies, acks, order, pages, sort and filters", async () => {
    for (const chatId of CHATS) {
      const messages = `/chats/${chatId}/messages`;
      const all = (await expectSame(`${messages}?limit=100`)) as unknown[];
      expect(all.length).toBeGreaterThan(0);
      await expectSame(`${messages}?limit=5&offset=3`);
      await expectSame(`${messages}?limit=7&sortOrder=asc`);
      await expectSame(`${messages}?limit=100&filter.fromMe=true`);
      await expectSame(`${messages}?limit=100&filter.fromMe=false`);
      await expectSame(`${messages}?limit=100&filter.ack=READ`);
      await expectSame(`${messages}?limit=100&filter.ack=DEVICE`);
      await expectSame(
        `${messages}?limit=100&filter.timestamp.gte=${T0 + 600}&filter.timestamp.lte=${T0 + 8_060}`,
      );
      await expectSame(`${messages}?limit=100&downloadMedia=false`);
    }
    const alice = (await expectSame(`/chats/${ALICE}/messages?limit=3`)) as Array<{
      body: string;
      ack: number;
      fromMe: boolean;
    }>;
    expect(alice.map((m) => m.body)).toEqual([
      "palice message 29",
      "palice message 28",
      "palice message 27",
    ]);
  });

  it("media: the same descriptions and files on both engines, byte for byte", async () => {
    const page = (await expectSame(
      `/chats/${FRANK}/messages?limit=10&downloadMedia=true`,
    )) as Array<{
      id: string;
      body: string | null;
      hasMedia: boolean;
      media: { url: string; mimetype: string; filename: string | null } | null;
    }>;
    expect(page.map((m) => m.id.split("_")[2])).toEqual(["PFILE2", "PFILE1", "PFILE0"]);
    for (const message of page) {
      const seeded = FILES[message.id.split("_")[2] as keyof typeof FILES];
      expect(message).toMatchObject({ hasMedia: true, media: { mimetype: seeded.mimetype } });
      for (const session of [NOWEB, WEBJS]) {
        const url = new URL((message.media?.url ?? "").replace(`/${NOWEB}/`, `/${session}/`));
        const file = await fetch(new URL(url.pathname, server.url), {
          headers: { "x-api-key": "e2e-test-strong-key" },
        });
        expect(file.status, `${session} ${url.pathname}`).toBe(200);
        expect(Buffer.from(await file.arrayBuffer()).equals(seeded.data)).toBe(true);
      }
    }
    expect(page.find((m) => m.id.endsWith("PFILE0"))?.body).toBe("a photo");
    await expectSame(`/chats/${FRANK}/messages/false_${FRANK}_PFILE0?downloadMedia=true`);
    await expectSame(`/chats/${FRANK}/messages?limit=10&downloadMedia=false`);
  });

  it("one message by id, in direct chats and the group, and the deprecated GET /api/messages", async () => {
    for (const id of [
      `true_${ALICE}_PALICE000`,
      `false_${ALICE}_PALICE001`,
      `false_${GROUP}_PGRP0_${ALICE}`,
      `true_${GROUP}_PGRP1`,
    ]) {
      const chatId = id.split("_")[1];
      const message = await expectSame(`/chats/${chatId}/messages/${id}`);
      expect(message).toMatchObject({ id });
    }
    await expectSame(`/api/messages?session={session}&chatId=${DAVE}&limit=4&offset=2`);
  });
});
