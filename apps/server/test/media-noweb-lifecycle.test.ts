/**
 * @module Media end to end in process, over time and settings: the real NOWEB engine (Baileys)
 * against the simulator; a deleted session's files go with it, a file's lifetime ends, the mimetype
 * filter, `WAHA_BASE_URL` and media turned off. Network calls are counted at the media host.
 */
import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { join } from "node:path";
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
