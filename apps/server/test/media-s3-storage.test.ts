/**
 * @module The S3 media storage against a real local S3 server (s3rver on 127.0.0.1): streamed and
 * multipart uploads that appear only once complete, names that are not a session's files, ranges,
 * pre-signed and proxied links, and the bucket as the index shared by two instances. Deletion,
 * expiry, start-up's check and outages: `media-s3-lifecycle.test.ts`.
 */
import { randomBytes } from "node:crypto";
import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { createS3MediaStorage } from "../src/media/s3-media-storage.ts";
import {
  chunks,
  failingAfter,
  opened,
  read,
  s3,
  storage,
  useS3Server,
} from "./s3-media-storages.ts";

useS3Server();

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
});
