/**
 * @module A real S3-compatible server for tests: s3rver on 127.0.0.1 (a free port, a temp folder)
 * with one bucket, the `WAHA_S3_*` settings that point at it, a client to look inside the bucket
 * (and to put files in it as another instance would), and close() that stops it and removes the
 * folder.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import type { S3Settings } from "../src/media/storage-settings.ts";

/** A running s3rver. */
export interface S3Server {
  endpoint: string;
  bucket: string;
  /** Settings for the media storage (`WAHA_S3_PROXY_FILES` as given). */
  settings(overrides?: Partial<S3Settings>): S3Settings;
  /** The `WAHA_*` environment of a server process using this bucket. */
  env(): Record<string, string>;
  /** A client of the bucket (s3rver's fixed key pair). */
  client: S3Client;
  /** The keys in the bucket, sorted. */
  keys(prefix?: string): Promise<string[]>;
  /** Puts a media file as another instance would: key `{session}/{name}`, session in metadata. */
  putFile(session: string, name: string, data: Buffer, contentType: string): Promise<void>;
  close(): Promise<void>;
}

/** s3rver accepts this key pair. */
const KEY = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

/** Starts s3rver with bucket `bucket`. */
export async function startS3Server(bucket = "wa-media"): Promise<S3Server> {
  const directory = mkdtempSync(join(tmpdir(), "wa-s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    region: "us-east-1",
    endpoint,
    forcePathStyle: true,
    credentials: KEY,
  });
  return {
    endpoint,
    bucket,
    client,
    settings: (overrides = {}) => ({
      region: "us-east-1",
      bucket,
      endpoint,
      forcePathStyle: true,
      proxyFiles: true,
      credentials: { ...KEY },
      ...overrides,
    }),
    env: () => ({
      WAHA_MEDIA_STORAGE: "S3",
      WAHA_S3_REGION: "us-east-1",
      WAHA_S3_BUCKET: bucket,
      WAHA_S3_ACCESS_KEY_ID: KEY.accessKeyId,
      WAHA_S3_SECRET_ACCESS_KEY: KEY.secretAccessKey,
      WAHA_S3_ENDPOINT: endpoint,
      WAHA_S3_FORCE_PATH_STYLE: "True",
      WAHA_S3_PROXY_FILES: "True",
    }),
    async keys(prefix) {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      return (page.Contents ?? []).map((object) => object.Key as string).sort();
    },
    async putFile(session, name, data, contentType) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `${session}/${name}`,
          Body: data,
          ContentType: contentType,
          Metadata: { "waha-session": session },
        }),
      );
    },
    async close() {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
