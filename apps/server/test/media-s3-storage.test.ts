/**
 * @module The S3 media storage against a real local S3 server (s3rver on 127.0.0.1): streamed and
 * multipart uploads that appear only once complete, the bucket as the index shared by two
 * instances, ranges, pre-signed and proxied links, expiry by the writer and by another instance's
 * sweep, session deletion, and start-up's check of the bucket.
 */
import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  CAPABILITY_KEYS,
  createEngineRuntime,
  type MediaAttachment,
  type WAMessage,
  type WaEngine,
} from "@wa/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createMediaService } from "../src/media/media-service.ts";
import type { MediaStorage } from "../src/media/media-storage.ts";
import { createS3MediaStorage, type S3MediaStorageOptions } from "../src/media/s3-media-storage.ts";
import { defaultMediaSettings } from "../src/media/settings.ts";
import { type S3Server, startS3Server } from "./s3-server.ts";

let s3: S3Server;
const opened: MediaStorage[] = [];

beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  for (const storage of opened) storage.close();
  await s3?.close();
});

/** A storage on the test bucket (restored: bucket checked, sweep started). */
async function storage(options: Partial<S3MediaStorageOptions> = {}): Promise<MediaStorage> {
  const created = createS3MediaStorage({ settings: s3.settings(), lifetimeMs: 0, ...options });
  opened.push(created);
  await created.restore();
  return created;
}

async function* chunks(...parts: Buffer[]) {
  for (const part of parts) yield part;
}

async function* failingAfter(bytes: Buffer) {
  yield bytes;
  throw new Error("cut");
}

async function read(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

describe("S3 media storage on s3rver", { timeout: 60_000 }, () => {
  it("streams a file in, names it {session}/{file} with WAHA's metadata, serves ranges", async () => {
    const files = await storage({ lifetimeMs: 60_000 });
    const data = randomBytes(70_000);
    const before = Date.now();
    const written = await files.write(
      "s1",
      "A1.jpeg",
      "image/jpeg",
      chunks(data.subarray(0, 1000), data.subarray(1000)),
      { messageId: "false_1@c.us_A1", filename: "café.jpg" },
    );
    expect(written).toMatchObject({ size: data.length, mimetype: "image/jpeg" });
    expect(written.expiresAt).toBeGreaterThanOrEqual(before + 60_000);
    const head = await s3.client.send(
      new HeadObjectCommand({ Bucket: s3.bucket, Key: "s1/A1.jpeg" }),
    );
    expect(head.ContentLength).toBe(data.length);
    expect(head.Metadata).toMatchObject({
      "waha-session": "s1",
      "waha-message-id": "false_1@c.us_A1",
      "waha-media-file-name": encodeURIComponent("café.jpg"),
      "wa-expires-at": String(written.expiresAt),
    });
    const whole = await files.open("s1", "A1.jpeg", { start: 0, end: data.length - 1 });
    expect((await read(whole)).equals(data)).toBe(true);
    const part = await files.open("s1", "A1.jpeg", { start: 100, end: 199 });
    expect((await read(part)).equals(data.subarray(100, 200))).toBe(true);
  });

  it("uploads a file larger than one part in several, and keeps nothing of a failed one", async () => {
    const files = await storage();
    const big = randomBytes(11 * 1024 * 1024);
    const written = await files.write(
      "s2",
      "BIG.mp4",
      "video/mp4",
      chunks(
        ...Array.from({ length: 11 }, (_, i) =>
          big.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024),
        ),
      ),
    );
    expect(written.size).toBe(big.length);
    const back = await read(await files.open("s2", "BIG.mp4", { start: 0, end: big.length - 1 }));
    expect(back.equals(big)).toBe(true);
    // Fails after more than one part (multipart started) and before one (a single put).
    await expect(
      files.write("s2", "HALF.mp4", "video/mp4", failingAfter(randomBytes(6 * 1024 * 1024))),
    ).rejects.toThrow("cut");
    await expect(
      files.write("s2", "SMALL.mp4", "video/mp4", failingAfter(randomBytes(1000))),
    ).rejects.toThrow("cut");
    expect(await s3.keys("s2/")).toEqual(["s2/BIG.mp4"]);
    expect(await files.find("s2", "HALF.mp4")).toBeUndefined();
  });

  it("keeps an empty file", async () => {
    const files = await storage();
    expect(await files.write("s0", "EMPTY.txt", "text/plain", chunks())).toMatchObject({ size: 0 });
    expect(await s3.keys("s0/")).toEqual(["s0/EMPTY.txt"]);
    expect(await (await storage({ recheckMs: 0 })).find("s0", "EMPTY.txt")).toMatchObject({
      size: 0,
      mimetype: "text/plain",
    });
  });

  it("refuses names that are not a session's files, without asking the bucket", async () => {
    const files = await storage();
    await files.write("s3", "OK.txt", "text/plain", chunks(Buffer.from("ok")));
    for (const [session, name] of [
      ["s3", "../s3/OK.txt"],
      ["..", "OK.txt"],
      ["s3", "OK.txt/"],
      ["s3", "OK"],
      ["other", "OK.txt"],
    ]) {
      expect(
        await files.find(session as string, name as string),
        `${session}/${name}`,
      ).toBeUndefined();
    }
    await expect(
      files.write("s3", "../x.txt", "text/plain", chunks(Buffer.from("x"))),
    ).rejects.toThrow(/unsafe/);
    await expect(files.open("s3", "../OK.txt", { start: 0, end: 1 })).rejects.toMatchObject({
      code: "WA_FILE_NOT_FOUND",
    });
  });

  it("links through the server (proxy) or with a pre-signed URL that serves the bytes", async () => {
    const proxied = await storage();
    const data = randomBytes(5000);
    const file = await proxied.write("s4", "P.png", "image/png", chunks(data));
    expect(await proxied.link("s4", "P.png", file)).toEqual({
      url: null,
      s3: { Bucket: s3.bucket, Key: "s4/P.png" },
    });
    const direct = createS3MediaStorage({
      settings: s3.settings({ proxyFiles: false }),
      lifetimeMs: 0,
    });
    opened.push(direct);
    const link = await direct.link("s4", "P.png", file);
    expect(link.s3).toEqual({ Bucket: s3.bucket, Key: "s4/P.png" });
    expect(link.url).toMatch(
      new RegExp(`^${s3.endpoint}/${s3.bucket}/s4/P\\.png\\?.*X-Amz-Signature=`),
    );
    const fetched = await fetch(link.url as string);
    expect(fetched.status).toBe(200);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(data)).toBe(true);
  });

  it("lets another instance find, serve and lose a file: the bucket is the index", async () => {
    const writer = await storage();
    const reader = await storage({ recheckMs: 0 });
    const data = randomBytes(3000);
    await writer.write("s5", "SHARED.oga", "audio/ogg", chunks(data));
    expect(await reader.find("s5", "SHARED.oga")).toMatchObject({
      size: data.length,
      mimetype: "audio/ogg",
      expiresAt: Number.POSITIVE_INFINITY,
    });
    expect(
      (await read(await reader.open("s5", "SHARED.oga", { start: 0, end: 9 }))).equals(
        data.subarray(0, 10),
      ),
    ).toBe(true);
    await writer.removeSession("s5");
    expect(await reader.find("s5", "SHARED.oga")).toBeUndefined();
    await expect(reader.open("s5", "SHARED.oga", { start: 0, end: 9 })).rejects.toMatchObject({
      code: "WA_FILE_NOT_FOUND",
    });
  });

  it("deletes a session's files only, leaving other sessions and foreign objects", async () => {
    const files = await storage();
    for (const name of ["A.jpeg", "B.pdf"]) {
      await files.write("gone", name, "image/jpeg", chunks(Buffer.from(name)));
    }
    await files.write("gone2", "C.jpeg", "image/jpeg", chunks(Buffer.from("c")));
    await s3.client.send(
      new PutObjectCommand({ Bucket: s3.bucket, Key: "gone/notes", Body: "not ours" }),
    );
    await files.removeSession("gone");
    expect(await s3.keys("gone")).toEqual(["gone/notes", "gone2/C.jpeg"]);
  });

  it("deletes a file when its lifetime ends (the writer) and reports the session", async () => {
    const expired: string[] = [];
    const files = await storage({ lifetimeMs: 1000, onExpire: (s) => expired.push(s) });
    await files.write("s6", "E.jpeg", "image/jpeg", chunks(Buffer.from("soon gone")));
    expect(await files.find("s6", "E.jpeg")).toBeDefined();
    await vi.waitFor(() => expect(expired).toContain("s6"), { timeout: 10_000, interval: 50 });
    expect(await s3.keys("s6/")).toEqual([]);
    expect(await files.find("s6", "E.jpeg")).toBeUndefined();
  });

  it("sweeps the expired files a dead instance left, and nothing else", async () => {
    const dead = createS3MediaStorage({ settings: s3.settings(), lifetimeMs: 1000 });
    await dead.write("s7", "LEFT.jpeg", "image/jpeg", chunks(Buffer.from("left behind")));
    // Dies before its timer fires: nobody deletes the file but the other instances' sweep.
    dead.close();
    await s3.client.send(
      new PutObjectCommand({ Bucket: s3.bucket, Key: "s7/FOREIGN.jpeg", Body: "someone else's" }),
    );
    const expired: string[] = [];
    await storage({ lifetimeMs: 1000, sweepMs: 200, onExpire: (s) => expired.push(s) });
    await vi.waitFor(() => expect(expired).toContain("s7"), { timeout: 15_000, interval: 100 });
    expect(await s3.keys("s7/")).toEqual(["s7/FOREIGN.jpeg"]);
  });

  it("stops start-up with the setting to fix when the bucket cannot be used, never the secret", async () => {
    const secret = "super-secret-value-123";
    const missing = createS3MediaStorage({
      settings: s3.settings({ bucket: "no-such-bucket" }),
      lifetimeMs: 0,
    });
    opened.push(missing);
    await expect(missing.restore()).rejects.toThrow(
      /no-such-bucket.*does not exist.*WAHA_S3_BUCKET/,
    );
    const closed = createS3MediaStorage({
      settings: s3.settings({
        endpoint: "http://127.0.0.1:9",
        credentials: { accessKeyId: "AKIDTEST", secretAccessKey: secret },
      }),
      lifetimeMs: 0,
    });
    opened.push(closed);
    const error = await closed.restore().then(
      () => null,
      (failure: Error) => failure,
    );
    expect(error?.message).toMatch(/unreachable: check WAHA_S3_ENDPOINT/);
    expect(error?.message).not.toContain(secret);
    // No key pair and none in the AWS SDK's chain (its instance-metadata step is off: loopback only).
    vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
    vi.stubEnv("AWS_ACCESS_KEY_ID", "");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "");
    vi.stubEnv("AWS_PROFILE", "wa-test-no-such-profile");
    try {
      const anonymous = createS3MediaStorage({
        settings: s3.settings({ credentials: null }),
        lifetimeMs: 0,
      });
      opened.push(anonymous);
      await expect(anonymous.restore()).rejects.toThrow(
        /no credentials: set WAHA_S3_ACCESS_KEY_ID and WAHA_S3_SECRET_ACCESS_KEY/,
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("turns a bucket outage into the message's error media, so the page is still served", async () => {
    const down = createS3MediaStorage({
      settings: s3.settings({ endpoint: "http://127.0.0.1:9" }),
      lifetimeMs: 0,
    });
    opened.push(down);
    const attachment: MediaAttachment = {
      type: "image",
      mimetype: "image/jpeg",
      filename: null,
      size: 4,
      async download() {
        return chunks(Buffer.from("jpeg"));
      },
    };
    const capabilities = Object.fromEntries(
      CAPABILITY_KEYS.map((key) => [key, key === "messages.media"]),
    );
    const engine = {
      info: { name: "fake", library: "none" },
      capabilities,
      getMedia: () => attachment,
    } as unknown as WaEngine;
    const service = createMediaService({
      settings: { ...defaultMediaSettings("/unused"), storage: { kind: "s3", s3: s3.settings() } },
      files: down,
    });
    const message = {
      id: "false_1@c.us_OUT1",
      hasMedia: true,
      media: null,
    } as unknown as WAMessage;
    const media = await service.mediaOf("s8", createEngineRuntime(engine), message, "http://h");
    expect(media).toMatchObject({
      url: null,
      mimetype: "image/jpeg",
      error: { code: "WA_MEDIA_FAILED", message: expect.stringContaining(s3.bucket) },
    });
    service.close();
  });
});
