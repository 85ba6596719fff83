/**
 * @module Media end to end in process: the real NOWEB engine (Baileys) against the simulator, whose
 * files are encrypted as WhatsApp's and served over HTTPS on 127.0.0.1; the messages routes fill in
 * `media`, `/api/files` serves what was downloaded. Network calls are counted at the media host.
 * A file's lifetime and the media settings are in `media-noweb-lifecycle.test.ts`.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MediaInput } from "@wa/sandbox";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  bareId,
  CHAT,
  get,
  type Harness,
  headers,
  pathOf,
  pushFile,
  requestsOf,
  S,
  start,
} from "./media-noweb-harness.ts";
import { responseValidator } from "./waha-schema.ts";

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
