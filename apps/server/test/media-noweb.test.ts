/**
 * @module Media end to end in process: the real NOWEB engine (Baileys) against the simulator, whose
 * files are encrypted as WhatsApp's and served over HTTPS on 127.0.0.1; the messages routes fill in
 * `media`, `/api/files` serves what was downloaded. Network calls are counted at the media host.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MediaInput, Simulator } from "@wa/sandbox";
import { createSqliteStore } from "@wa/store";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type App, buildApp } from "../src/app.ts";
import { createEngineRegistry } from "../src/engines.ts";
import type { MediaSettings } from "../src/media/settings.ts";
import { attachSandbox, startSandbox } from "../src/sandbox/index.ts";
import { responseValidator } from "./waha-schema.ts";

const KEY = "media-test-key";
const headers = { "x-api-key": KEY };
const S = "media";
const CHAT = "12025550801@c.us";

interface Harness {
  app: App;
  sim: Simulator;
  folder: string;
  close(): Promise<void>;
}

/** An app in sandbox mode with its own files folder; session `media` paired into the demo world. */
async function start(media: Partial<MediaSettings> = {}): Promise<Harness> {
  const folder = mkdtempSync(join(tmpdir(), "wa-media-"));
  const sandbox = await startSandbox();
  const store = createSqliteStore({ file: ":memory:" });
  const app = await buildApp({
    store,
    apiKey: KEY,
    engines: createEngineRegistry(sandbox.noweb),
    media: { folder, ...media },
  });
  await attachSandbox(app, sandbox);
  await app.ready();
  await app.inject({ method: "POST", url: "/api/sessions", headers, payload: { name: S } });
  await vi.waitFor(
    async () =>
      expect((await app.inject({ url: `/api/sessions/${S}`, headers })).json().status).toBe(
        "WORKING",
      ),
    { timeout: 35_000, interval: 100 },
  );
  return {
    app,
    sim: sandbox.simulator,
    folder,
    async close() {
      await app.close();
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

const get = (h: Harness, url: string, extra: Record<string, string> = {}) =>
  h.app.inject({ url, headers: { ...headers, ...extra } });

/** Pushes a file from a contact and waits until the store has it; returns its API id. */
async function pushFile(h: Harness, file: MediaInput, chat = CHAT): Promise<string> {
  const { id } = await h.sim.pushIncomingMedia(S, chat, file);
  const messageId = `false_${chat}_${id}`;
  await vi.waitFor(
    async () =>
      expect(
        (await get(h, `/api/${S}/chats/${chat}/messages/${messageId}?downloadMedia=false`))
          .statusCode,
      ).toBe(200),
    { timeout: 35_000, interval: 50 },
  );
  return messageId;
}

const bareId = (messageId: string) => messageId.split("_")[2] as string;
const requestsOf = (h: Harness, messageId: string) =>
  h.sim
    .mediaRequests(S)
    .filter((r) => r.messageId === bareId(messageId))
    .map((r) => r.status);
/** A file URL of the app as an inject path. */
const pathOf = (url: string) => new URL(url).pathname;

const FILES: Array<[MediaInput, string]> = [
  [
    { type: "image", data: randomBytes(120_000), mimetype: "image/jpeg", caption: "a photo" },
    "jpeg",
  ],
  [{ type: "video", data: randomBytes(300_000), mimetype: "video/mp4" }, "mp4"],
  [{ type: "audio", data: randomBytes(40_000), mimetype: "audio/mpeg" }, "mp3"],
  [{ type: "voice", data: randomBytes(20_000), mimetype: "audio/ogg; codecs=opus" }, "oga"],
  [
    {
      type: "document",
      data: randomBytes(9_000),
      mimetype: "application/pdf",
      filename: "offer.pdf",
    },
    "pdf",
  ],
  [{ type: "sticker", data: randomBytes(8_000), mimetype: "image/webp" }, "webp"],
];

describe("media over HTTP, NOWEB against the simulator", { timeout: 90_000 }, () => {
  let h: Harness;
  const ids: string[] = [];
  beforeAll(async () => {
    h = await start();
    for (const [file] of FILES) ids.push(await pushFile(h, file));
  }, 90_000);
  afterAll(() => h?.close());

  it("fills media for every type (page and by id), serves each file byte for byte, WAHA's schema holds", async () => {
    const page = await get(
      h,
      `/api/${S}/chats/${CHAT}/messages?limit=${FILES.length}&downloadMedia=true`,
    );
    expect(page.statusCode).toBe(200);
    const validate = responseValidator("get", "/api/{session}/chats/{chatId}/messages", 200);
    expect(validate?.(page.json()), JSON.stringify(validate?.errors)).toBe(true);
    const byId = new Map(page.json().map((m: { id: string }) => [m.id, m]));
    for (const [index, [file, extension]] of FILES.entries()) {
      const id = ids[index] as string;
      const message = byId.get(id) as { hasMedia: boolean; media: Record<string, unknown> };
      expect(message.hasMedia).toBe(true);
      expect(message.media).toEqual({
        url: `http://localhost:80/api/files/${S}/${bareId(id)}.${extension}`,
        mimetype: file.mimetype,
        filename: file.filename ?? null,
      });
      const served = await get(h, pathOf(message.media.url as string));
      expect(served.statusCode).toBe(200);
      expect(served.headers["content-type"]).toBe(file.mimetype);
      expect(Number(served.headers["content-length"])).toBe((file.data as Buffer).length);
      expect(served.rawPayload.equals(file.data as Buffer)).toBe(true);
    }
    const one = await get(h, `/api/${S}/chats/${CHAT}/messages/${ids[4]}`);
    expect(one.json().media).toMatchObject({ mimetype: "application/pdf", filename: "offer.pdf" });
    expect(
      responseValidator(
        "get",
        "/api/{session}/chats/{chatId}/messages/{messageId}",
        200,
      )?.(one.json()),
    ).toBe(true);
  });

  it("keeps the overview's lastMessage without media, as WAHA documents", async () => {
    const overview = (await get(h, `/api/${S}/chats/overview?limit=50`)).json();
    const chat = overview.find((c: { id: string }) => c.id === CHAT);
    expect(chat.lastMessage).toMatchObject({ hasMedia: true, media: null });
  });

  it("downloads a page once: a second read (cached or not) and another page share the file", async () => {
    const url = `/api/${S}/chats/${CHAT}/messages?limit=2`;
    const extras: Array<Record<string, string>> = [{}, {}, { "cache-control": "no-cache" }];
    for (const extra of extras) {
      expect((await get(h, url, extra)).statusCode).toBe(200);
    }
    expect((await get(h, `/api/${S}/chats/${CHAT}/messages?limit=3`)).statusCode).toBe(200);
    for (const id of ids) expect(requestsOf(h, id)).toEqual([200]);
  });

  it("with downloadMedia=false makes no request at all and answers media null", async () => {
    const id = await pushFile(h, { type: "image", data: randomBytes(5000), mimetype: "image/png" });
    // Messages of the same second tie on timestamp, so the pushed one need not come first: find it.
    const page = await get(h, `/api/${S}/chats/${CHAT}/messages?limit=20&downloadMedia=false`);
    const listed = page.json().find((m: { id: string }) => m.id === id);
    expect(listed).toMatchObject({ id, hasMedia: true, media: null });
    for (const m of page.json()) expect(m.media).toBeNull();
    const one = await get(h, `/api/${S}/chats/${CHAT}/messages/${id}?downloadMedia=false`);
    expect(one.json()).toMatchObject({ hasMedia: true, media: null });
    expect(requestsOf(h, id)).toEqual([]);
  });

  it("fetches an expired file again through the re-upload request", async () => {
    const data = randomBytes(30_000);
    const id = await pushFile(h, { type: "image", data, mimetype: "image/jpeg" });
    h.sim.expireMedia(S, bareId(id));
    const message = (await get(h, `/api/${S}/chats/${CHAT}/messages/${id}`)).json();
    expect(message.media.url).toContain(`/api/files/${S}/`);
    expect((await get(h, pathOf(message.media.url))).rawPayload.equals(data)).toBe(true);
    expect(requestsOf(h, id)).toEqual([410, 200]);
  });

  it("answers a corrupt file with WAHA's error shape in a 200 page, and keeps nothing", async () => {
    const id = await pushFile(h, {
      type: "video",
      data: randomBytes(50_000),
      mimetype: "video/mp4",
    });
    h.sim.corruptMedia(S, bareId(id));
    // Messages of the same second tie on timestamp (the previous tests pushed some): a page of 20
    // holds the pushed one wherever the tie puts it.
    const page = await get(h, `/api/${S}/chats/${CHAT}/messages?limit=20`);
    expect(page.statusCode).toBe(200);
    const message = page.json().find((m: { id: string }) => m.id === id);
    expect(message, "the pushed message is on the page").toBeDefined();
    expect(message.media).toEqual({
      url: null,
      mimetype: "video/mp4",
      filename: null,
      error: { code: "WA_MEDIA_FAILED", message: expect.stringContaining("SHA-256") },
    });
    expect(
      readdirSync(join(h.folder, S)).filter(
        (name) => name.startsWith(bareId(id)) || name.endsWith(".part"),
      ),
    ).toEqual([]);
    // Reported again without a new attempt until the retry delay passed.
    await get(h, `/api/${S}/chats/${CHAT}/messages/${id}`, { "cache-control": "no-cache" });
    expect(requestsOf(h, id)).toEqual([200]);
  });

  it("serves Range requests (206, suffix, 416) and HEAD", async () => {
    const file = FILES[1]?.[0].data as Buffer;
    const url = `/api/files/${S}/${bareId(ids[1] as string)}.mp4`;
    const part = await get(h, url, { range: "bytes=100-199" });
    expect(part.statusCode).toBe(206);
    expect(part.headers["content-range"]).toBe(`bytes 100-199/${file.length}`);
    expect(part.headers["content-length"]).toBe("100");
    expect(part.rawPayload.equals(file.subarray(100, 200))).toBe(true);
    const tail = await get(h, url, { range: "bytes=-10" });
    expect(tail.rawPayload.equals(file.subarray(file.length - 10))).toBe(true);
    const open = await get(h, url, { range: `bytes=${file.length - 5}-` });
    expect(open.rawPayload.equals(file.subarray(file.length - 5))).toBe(true);
    const beyond = await get(h, url, { range: `bytes=${file.length}-` });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers["content-range"]).toBe(`bytes */${file.length}`);
    const head = await h.app.inject({ method: "HEAD", url, headers });
    expect(head.statusCode).toBe(200);
    expect(head.headers["content-length"]).toBe(String(file.length));
  });

  it("refuses another session's file, escaping names and a missing key (404 / 401)", async () => {
    const name = `${bareId(ids[0] as string)}.jpeg`;
    writeFileSync(join(h.folder, "secret.txt"), "top secret");
    const refused = [
      `/api/files/other/${name}`,
      `/api/files/${S}/..%2Fsecret.txt`,
      `/api/files/${S}/..%2F..%2Fsecret.txt`,
      `/api/files/..%2F${S}/${name}`,
      `/api/files/${S}/%2E%2E`,
      `/api/files/${S}/unknown.jpeg`,
    ];
    for (const url of refused) {
      const answer = await get(h, url);
      expect(answer.statusCode, url).toBe(404);
      // The router itself refuses some (a `/` decoded inside a segment); none reaches a file.
      expect(["WA_FILE_NOT_FOUND", "WA_ROUTE_NOT_FOUND"], url).toContain(answer.json().code);
      expect(answer.body).not.toContain("top secret");
    }
    expect((await h.app.inject({ url: `/api/files/${S}/${name}` })).statusCode).toBe(401);
  });

  it("accepts a file on the sandbox control API and in a history sync", async () => {
    const data = randomBytes(2000);
    const pushed = await h.app.inject({
      method: "POST",
      url: `/api/sandbox/${S}/incoming`,
      headers,
      payload: {
        chatId: CHAT,
        text: "via control",
        file: { mimetype: "image/png", data: data.toString("base64") },
      },
    });
    expect(pushed.statusCode).toBe(201);
    const id = `false_${CHAT}_${pushed.json().id}`;
    const message = await vi.waitFor(
      async () => {
        const answer = await get(h, `/api/${S}/chats/${CHAT}/messages/${id}`);
        expect(answer.statusCode).toBe(200);
        return answer.json();
      },
      { timeout: 35_000, interval: 50 },
    );
    expect(message).toMatchObject({ body: "via control", media: { mimetype: "image/png" } });
    expect((await get(h, pathOf(message.media.url))).rawPayload.equals(data)).toBe(true);
    const history = await h.app.inject({
      method: "POST",
      url: `/api/sandbox/${S}/history`,
      headers,
      payload: {
        chats: [
          {
            id: "12025550802@c.us",
            messages: [
              {
                id: "HISTMEDIA1",
                fromMe: true,
                text: "",
                timestamp: 1_700_000_000,
                file: { mimetype: "application/pdf", filename: "a.pdf", data: "JVBERi0=" },
              },
            ],
          },
        ],
      },
    });
    expect(history.statusCode).toBe(201);
    const synced = await vi.waitFor(
      async () => {
        const answer = await get(
          h,
          `/api/${S}/chats/12025550802@c.us/messages/true_12025550802@c.us_HISTMEDIA1`,
        );
        expect(answer.statusCode).toBe(200);
        return answer.json();
      },
      { timeout: 35_000, interval: 50 },
    );
    expect(synced.media).toMatchObject({ filename: "a.pdf", mimetype: "application/pdf" });
    expect((await get(h, pathOf(synced.media.url))).rawPayload.toString("base64")).toBe("JVBERi0=");
  });
});

describe("media of a deleted session", { timeout: 90_000 }, () => {
  it("deletes the session's files with it", async () => {
    const h = await start();
    try {
      const id = await pushFile(h, {
        type: "image",
        data: randomBytes(1000),
        mimetype: "image/jpeg",
      });
      const message = (await get(h, `/api/${S}/chats/${CHAT}/messages/${id}`)).json();
      expect(readdirSync(join(h.folder, S))).toEqual([`${bareId(id)}.jpeg`]);
      const deleted = await h.app.inject({ method: "DELETE", url: `/api/sessions/${S}`, headers });
      expect(deleted.statusCode).toBe(200);
      expect(readdirSync(h.folder)).toEqual([]);
      expect((await get(h, pathOf(message.media.url))).statusCode).toBe(404);
    } finally {
      await h.close();
    }
  });
});

describe("media settings: lifetime, mimetype filter, media off", { timeout: 90_000 }, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start({ lifetimeSeconds: 1, mimetypes: ["image", "application/pdf"] });
  }, 90_000);
  afterAll(() => h?.close());

  it("deletes a file when its lifetime ends; the next read downloads it again", async () => {
    const data = randomBytes(10_000);
    const id = await pushFile(h, { type: "image", data, mimetype: "image/jpeg" });
    const read = async () => (await get(h, `/api/${S}/chats/${CHAT}/messages/${id}`)).json();
    const first = await read();
    const path = pathOf(first.media.url);
    await vi.waitFor(async () => expect((await get(h, path)).statusCode).toBe(404), {
      timeout: 10_000,
      interval: 100,
    });
    expect(requestsOf(h, id)).toEqual([200]);
    // Polled: on a loaded machine the new copy may itself outlive its 1 s before it is fetched.
    await vi.waitFor(
      async () => {
        expect((await read()).media.url).toBe(first.media.url);
        expect((await get(h, path)).rawPayload.equals(data)).toBe(true);
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(requestsOf(h, id).length).toBeGreaterThanOrEqual(2);
  });

  it("leaves media null for a filtered mimetype, without a request", async () => {
    const id = await pushFile(h, { type: "video", data: randomBytes(5000), mimetype: "video/mp4" });
    const message = (await get(h, `/api/${S}/chats/${CHAT}/messages/${id}`)).json();
    expect(message).toMatchObject({ hasMedia: true, media: null });
    expect(requestsOf(h, id)).toEqual([]);
  });

  it("builds file URLs from WAHA_BASE_URL when set, and keeps media null when downloads are off", async () => {
    const id = await pushFile(h, { type: "image", data: randomBytes(500), mimetype: "image/jpeg" });
    h.app.ctx.media.settings.baseUrl = "https://api.example.test";
    const message = (await get(h, `/api/${S}/chats/${CHAT}/messages/${id}`)).json();
    expect(message.media.url).toBe(`https://api.example.test/api/files/${S}/${bareId(id)}.jpeg`);
    h.app.ctx.media.settings.enabled = false;
    const off = await get(h, `/api/${S}/chats/${CHAT}/messages/${id}`, {
      "cache-control": "no-cache",
    });
    expect(off.json().media).toBeNull();
  });
});
