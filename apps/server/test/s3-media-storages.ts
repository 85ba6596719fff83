/**
 * @module The setting of the S3 media storage tests: one s3rver per test file (started before its
 * tests, stopped after them with every storage opened on it), storages on its bucket, and the byte
 * streams the tests write and read.
 */
import type { Readable } from "node:stream";
import { afterAll, beforeAll } from "vitest";
import type { MediaStorage } from "../src/media/media-storage.ts";
import { createS3MediaStorage, type S3MediaStorageOptions } from "../src/media/s3-media-storage.ts";
import { type S3Server, startS3Server } from "./s3-server.ts";

/** The file's s3rver: a live binding, set before the file's first test by {@link useS3Server}. */
export let s3: S3Server;
/** Storages to close after the file's tests. */
export const opened: MediaStorage[] = [];

/** Starts s3rver before the calling file's tests; after them, closes it and every opened storage. */
export function useS3Server(): void {
  beforeAll(async () => {
    s3 = await startS3Server();
  });
  afterAll(async () => {
    for (const storage of opened) storage.close();
    await s3?.close();
  });
}

/** A storage on the test bucket (restored: bucket checked, sweep started). */
export async function storage(options: Partial<S3MediaStorageOptions> = {}): Promise<MediaStorage> {
  const created = createS3MediaStorage({ settings: s3.settings(), lifetimeMs: 0, ...options });
  opened.push(created);
  await created.restore();
  return created;
}

/** The parts as a stream to write. */
export async function* chunks(...parts: Buffer[]) {
  for (const part of parts) yield part;
}

/** A stream that fails after its first part. */
export async function* failingAfter(bytes: Buffer) {
  yield bytes;
  throw new Error("cut");
}

/** All of a stream's bytes. */
export async function read(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}
