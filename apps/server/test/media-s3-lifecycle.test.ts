/**
 * @module The S3 media storage's lifecycle against a real local S3 server (s3rver on 127.0.0.1):
 * session deletion, expiry by the writer and by another instance's sweep, start-up's check of the
 * bucket, and a bucket outage while a page is served.
 */
import { PutObjectCommand } from "@aws-sdk/client-s3";
import {
  CAPABILITY_KEYS,
  createEngineRuntime,
  type MediaAttachment,
  type WAMessage,
  type WaEngine,
} from "@wa/core";
import { describe, expect, it, vi } from "vitest";
import { createMediaService } from "../src/media/media-service.ts";
import { createS3MediaStorage } from "../src/media/s3-media-storage.ts";
import { defaultMediaSettings } from "../src/media/settings.ts";
import { chunks, opened, s3, storage, useS3Server } from "./s3-media-storages.ts";

useS3Server();

describe("S3 media storage on s3rver", { timeout: 60_000 }, () => {
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
