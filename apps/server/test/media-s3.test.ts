/**
 * @module Media on S3 end to end: the real NOWEB engine (Baileys) downloads a file from the
 * simulator's media host into a real local S3 server (s3rver on 127.0.0.1); `media` names the
 * object (`s3`), and a second app sharing only the bucket (its own store, no session) serves the
 * file through `/api/files` with Range and HEAD. Pre-signed URLs, expiry, session deletion and a
 * bucket that goes away too. The server process configured from the environment is in
 * `media-s3-process.test.ts`.
 */
import { randomBytes } from "node:crypto";
import type { Simulator } from "@wa/sandbox";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { S3Settings } from "../src/media/storage-settings.ts";
import {
  bareId,
  CHAT,
  get,
  headers,
  pathOf,
  pushFile,
  requestsOf,
  S,
} from "./media-noweb-harness.ts";
import { type Instance, instance } from "./media-s3-instance.ts";
import { type S3Server, startS3Server } from "./s3-server.ts";
import { responseValidator } from "./waha-schema.ts";
import { type Receiver, startReceiver } from "./webhook-receiver.ts";

describe("media on S3, NOWEB against the simulator, two apps on one bucket", {
  timeout: 120_000,
}, () => {
  let s3: S3Server;
  let settings: S3Settings;
  let a: Instance;
  let b: Instance;
  let sim: Simulator;
  let receiver: Receiver;
  let video: Buffer;
  let videoUrl: string;

  beforeAll(async () => {
    s3 = await startS3Server();
    receiver = await startReceiver();
    settings = s3.settings({ proxyFiles: true });
    const webhooks = { webhooks: [{ url: receiver.url(), events: ["message"] }] };
    a = await instance(
      settings,
      { lifetimeSeconds: 0 },
      (simulator) => {
        sim = simulator;
      },
      webhooks,
    );
    // The second app shares the bucket's settings only: its own store, no session, no engine.
    b = await instance({ ...settings }, { lifetimeSeconds: 0 });
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await receiver?.close();
    await s3?.close();
  });

  it("downloads through Baileys into the bucket; media names the object; the other app serves it", async () => {
    video = randomBytes(300_000);
    const id = await pushFile(
      { app: a.app, sim },
      { type: "video", data: video, mimetype: "video/mp4" },
    );
    const page = await get(a, `/api/${S}/chats/${CHAT}/messages?limit=20`);
    expect(page.statusCode).toBe(200);
    const validate = responseValidator("get", "/api/{session}/chats/{chatId}/messages", 200);
    expect(validate?.(page.json()), JSON.stringify(validate?.errors)).toBe(true);
    const message = page.json().find((m: { id: string }) => m.id === id);
    const key = `${S}/${bareId(id)}.mp4`;
    expect(message.media).toEqual({
      url: `http://localhost:80/api/files/${key}`,
      mimetype: "video/mp4",
      filename: null,
      s3: { Bucket: s3.bucket, Key: key },
    });
    videoUrl = pathOf(message.media.url);
    expect(await s3.keys(`${S}/`)).toContain(key);
    for (const at of [a, b]) {
      const served = await get(at, videoUrl);
      expect(served.statusCode).toBe(200);
      expect(served.headers["content-type"]).toBe("video/mp4");
      expect(served.headers["content-length"]).toBe(String(video.length));
      expect(served.rawPayload.equals(video)).toBe(true);
    }
  });

  it("puts media.s3 in the message webhook, as WAHA Plus's example shows", async () => {
    const name = videoUrl.split("/").pop() as string;
    const event = await receiver.until(() => {
      const found = receiver
        .accepted()
        .find((e) => e.event === "message" && e.payload.id.endsWith(`_${name.split(".")[0]}`));
      if (!found) throw new Error("not yet");
      return found;
    }, 60_000);
    expect(event.payload.media).toEqual({
      url: expect.stringMatching(new RegExp(`/api/files/${S}/${name.replace(".", "\\.")}$`)),
      mimetype: "video/mp4",
      filename: null,
      s3: { Bucket: s3.bucket, Key: `${S}/${name}` },
    });
  });

  it("serves Range (206, suffix, open end, 416) and HEAD from the other app", async () => {
    const part = await get(b, videoUrl, { range: "bytes=100-199" });
    expect(part.statusCode).toBe(206);
    expect(part.headers["content-range"]).toBe(`bytes 100-199/${video.length}`);
    expect(part.headers["content-length"]).toBe("100");
    expect(part.rawPayload.equals(video.subarray(100, 200))).toBe(true);
    const tail = await get(b, videoUrl, { range: "bytes=-10" });
    expect(tail.rawPayload.equals(video.subarray(video.length - 10))).toBe(true);
    const open = await get(b, videoUrl, { range: `bytes=${video.length - 5}-` });
    expect(open.rawPayload.equals(video.subarray(video.length - 5))).toBe(true);
    const beyond = await get(b, videoUrl, { range: `bytes=${video.length}-` });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers["content-range"]).toBe(`bytes */${video.length}`);
    const head = await b.app.inject({ method: "HEAD", url: videoUrl, headers });
    expect(head.statusCode).toBe(200);
    expect(head.headers["content-length"]).toBe(String(video.length));
    expect(head.rawPayload.length).toBe(0);
  });

  it("refuses another session's file, escaping names, unknown files and a missing key", async () => {
    const name = videoUrl.split("/").pop() as string;
    for (const url of [
      `/api/files/other/${name}`,
      `/api/files/${S}/..%2F${S}%2F${name}`,
      `/api/files/..%2F${S}/${name}`,
      `/api/files/${S}/unknown.mp4`,
    ]) {
      const answer = await get(b, url);
      expect(answer.statusCode, url).toBe(404);
      expect(["WA_FILE_NOT_FOUND", "WA_ROUTE_NOT_FOUND"], url).toContain(answer.json().code);
    }
    expect((await b.app.inject({ url: videoUrl })).statusCode).toBe(401);
  });

  it("puts a pre-signed S3 URL in media.url when WAHA_S3_PROXY_FILES is false", async () => {
    settings.proxyFiles = false;
    try {
      const data = randomBytes(20_000);
      const id = await pushFile(
        { app: a.app, sim },
        { type: "image", data, mimetype: "image/jpeg" },
      );
      const message = (await get(a, `/api/${S}/chats/${CHAT}/messages/${id}`)).json();
      const key = `${S}/${bareId(id)}.jpeg`;
      expect(message.media.s3).toEqual({ Bucket: s3.bucket, Key: key });
      expect(message.media.url).toMatch(new RegExp(`^${s3.endpoint}/${s3.bucket}/${key}\\?`));
      expect(message.media.url).toContain("X-Amz-Signature=");
      const fetched = await fetch(message.media.url);
      expect(Buffer.from(await fetched.arrayBuffer()).equals(data)).toBe(true);
      // The route serves it as well.
      expect((await get(b, `/api/files/${key}`)).rawPayload.equals(data)).toBe(true);
    } finally {
      settings.proxyFiles = true;
    }
  });

  it("deletes the session's objects with the session: neither app serves them any more", async () => {
    expect((await s3.keys(`${S}/`)).length).toBeGreaterThan(0);
    const deleted = await a.app.inject({ method: "DELETE", url: `/api/sessions/${S}`, headers });
    expect(deleted.statusCode).toBe(200);
    expect(await s3.keys(`${S}/`)).toEqual([]);
    for (const at of [a, b]) {
      expect((await get(at, videoUrl, { "cache-control": "no-cache" })).statusCode).toBe(404);
    }
  });
});

describe("media on S3: a file's lifetime", { timeout: 120_000 }, () => {
  let s3: S3Server;
  let a: Instance;
  let b: Instance;
  let sim: Simulator;
  beforeAll(async () => {
    s3 = await startS3Server();
    a = await instance(s3.settings(), { lifetimeSeconds: 1 }, (simulator) => {
      sim = simulator;
    });
    b = await instance(s3.settings(), { lifetimeSeconds: 1 });
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await s3?.close();
  });

  it("deletes the object when its lifetime ends; the next read downloads it again", async () => {
    const data = randomBytes(10_000);
    const id = await pushFile({ app: a.app, sim }, { type: "image", data, mimetype: "image/jpeg" });
    const read = async () => (await get(a, `/api/${S}/chats/${CHAT}/messages/${id}`)).json();
    const first = await read();
    const path = pathOf(first.media.url);
    const key = `${S}/${bareId(id)}.jpeg`;
    await vi.waitFor(
      async () => {
        expect(await s3.keys(`${S}/`)).not.toContain(key);
        expect((await get(b, path)).statusCode).toBe(404);
        expect((await get(a, path)).statusCode).toBe(404);
      },
      { timeout: 15_000, interval: 100 },
    );
    const requests = () => requestsOf({ sim }, id);
    expect(requests()).toEqual([200]);
    // Polled: on a loaded machine the new copy may itself outlive its 1 s before it is fetched.
    await vi.waitFor(
      async () => {
        expect((await read()).media.url).toBe(first.media.url);
        expect((await get(b, path)).rawPayload.equals(data)).toBe(true);
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(requests().length).toBeGreaterThanOrEqual(2);
  });
});

describe("media on S3: the bucket goes away", { timeout: 60_000 }, () => {
  it("answers 502 WA_MEDIA_FAILED (the cause in the log), never a 500", async () => {
    const s3 = await startS3Server();
    const at = await instance(s3.settings(), { lifetimeSeconds: 0 });
    try {
      const data = randomBytes(1000);
      await s3.putFile("gone", "FILE.pdf", data, "application/pdf");
      expect((await get(at, "/api/files/gone/FILE.pdf")).statusCode).toBe(200);
      await s3.close();
      // Another name: this instance has not seen it, so it must ask the bucket.
      const down = await get(at, "/api/files/gone/OTHER.pdf");
      expect(down.statusCode).toBe(502);
      expect(down.json()).toMatchObject({ code: "WA_MEDIA_FAILED" });
      // The one it knows is opened in the bucket: the same answer, not a 500.
      expect((await get(at, "/api/files/gone/FILE.pdf")).statusCode).toBe(502);
    } finally {
      await at.close();
    }
  });
});
