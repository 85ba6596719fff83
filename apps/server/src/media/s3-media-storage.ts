/**
 * @module Media files in an S3-compatible bucket (`WAHA_MEDIA_STORAGE=S3`), so that every server
 * instance serves every file. Objects are named `{session}/{file}` as in WAHA Plus and carry their
 * session, message id, file name and expiry as metadata (`s3-objects.ts`); the bucket itself is the
 * index (HeadObject), with a small per-process cache re-checked after `recheckMs`. Uploads stream
 * the download (`s3-upload.ts`). A file's lifetime is enforced by the server: the instance that
 * knows a file deletes it when it expires, and every instance sweeps the bucket for expired files
 * that nobody deleted (their writer died).
 */
import type { Readable } from "node:stream";
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { SESSION_NAME_PATTERN, WaError } from "@wa/core";
import { mimetypeOfName } from "./file-names.ts";
import type { MediaStorage, StoredMedia } from "./media-storage.ts";
import { isNotFound, storageFailure, unreachableBucket } from "./s3-errors.ts";
import { expiryOf, isSafe, keyOf, META, splitKey } from "./s3-objects.ts";
import { uploadStream } from "./s3-upload.ts";
import type { S3Settings } from "./storage-settings.ts";

/** Options of {@link createS3MediaStorage}. */
export interface S3MediaStorageOptions {
  settings: S3Settings;
  /** A file's lifetime in ms; 0 keeps files forever. */
  lifetimeMs: number;
  /** Called after a file of the session expired (pages naming it must be computed again). */
  onExpire?(session: string): void;
  /** Called when a background deletion failed (the next sweep tries again). */
  onError?(error: unknown): void;
  now?(): number;
  /** How long a file found in the bucket is trusted before asking the bucket again. @default 30 s */
  recheckMs?: number;
  /** How often the bucket is swept for expired files. @default the lifetime, between 1 s and 60 s */
  sweepMs?: number;
}

/** Files this process remembers at most (the bucket stays the index). */
const CACHE_LIMIT = 10_000;
/** Pre-signed URLs live at most 7 days (SigV4's limit). */
const MAX_URL_SECONDS = 7 * 24 * 3600;
/** setTimeout's longest delay; later expiries are left to the sweep. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Entry {
  file: StoredMedia;
  checkedAt: number;
  timer?: NodeJS.Timeout;
}

/** Creates the S3 media storage; `restore()` checks the bucket and starts the sweep. */
export function createS3MediaStorage(options: S3MediaStorageOptions): MediaStorage {
  const { settings, lifetimeMs } = options;
  const now = options.now ?? Date.now;
  const recheckMs = options.recheckMs ?? 30_000;
  const sweepMs = options.sweepMs ?? Math.min(Math.max(lifetimeMs, 1000), 60_000);
  const Bucket = settings.bucket;
  const client = new S3Client({
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials ? { credentials: { ...settings.credentials } } : {}),
    // Checksums only where S3 requires them: S3-compatible servers do not all know the newer ones.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  });
  const cache = new Map<string, Entry>();
  let sweeper: NodeJS.Timeout | undefined;
  let sweeping = false;

  const failure = (error: unknown) => storageFailure(settings, error);

  const head = async (Key: string): Promise<HeadObjectCommandOutput | null> => {
    try {
      return await client.send(new HeadObjectCommand({ Bucket, Key }));
    } catch (error) {
      if (isNotFound(error)) return null;
      throw failure(error);
    }
  };

  const forget = (key: string) => {
    clearTimeout(cache.get(key)?.timer);
    cache.delete(key);
  };

  const remember = (key: string, session: string, file: StoredMedia) => {
    forget(key);
    if (cache.size >= CACHE_LIMIT) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) forget(oldest);
    }
    const entry: Entry = { file, checkedAt: now() };
    const delay = file.expiresAt - now();
    if (Number.isFinite(file.expiresAt) && delay <= MAX_TIMER_MS) {
      entry.timer = setTimeout(() => void expire(key, session, entry), Math.max(0, delay));
      entry.timer.unref();
    }
    cache.set(key, entry);
  };

  /** Deletes the object if it is still this session's expired file (not a newer copy). */
  const deleteIfExpired = async (key: string, session: string) => {
    const found = await head(key);
    if (!found || found.Metadata?.[META.session] !== session) return false;
    if (expiryOf(found, lifetimeMs) > now()) return false;
    await client.send(new DeleteObjectCommand({ Bucket, Key: key })).catch((error: unknown) => {
      if (!isNotFound(error)) throw failure(error);
    });
    return true;
  };

  const expire = async (key: string, session: string, entry: Entry) => {
    if (cache.get(key) !== entry) return;
    cache.delete(key);
    await deleteIfExpired(key, session).catch((error: unknown) => options.onError?.(error));
    options.onExpire?.(session);
  };

  /** Every key of the bucket under `prefix`, with its last change. */
  async function* listed(prefix?: string) {
    let ContinuationToken: string | undefined;
    do {
      const page = await client
        .send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken }))
        .catch((error: unknown) => {
          throw failure(error);
        });
      for (const object of page.Contents ?? []) {
        if (object.Key)
          yield { key: object.Key, lastModified: object.LastModified?.getTime() ?? 0 };
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  /** Deletes the expired files of every instance (an instance that died left its own). */
  const sweep = async () => {
    if (sweeping || lifetimeMs === 0) return;
    sweeping = true;
    try {
      for await (const { key, lastModified } of listed()) {
        const parts = splitKey(key);
        // A bucket may hold other things: only our keys, and only past their lifetime.
        if (!parts || lastModified + lifetimeMs > now()) continue;
        if (await deleteIfExpired(key, parts.session)) {
          forget(key);
          options.onExpire?.(parts.session);
        }
      }
    } catch (error) {
      options.onError?.(error);
    } finally {
      sweeping = false;
    }
  };

  return {
    async find(session, name) {
      if (!isSafe(session, name)) return undefined;
      const key = keyOf(session, name);
      const known = cache.get(key);
      if (known && known.file.expiresAt > now() && now() - known.checkedAt < recheckMs) {
        return known.file;
      }
      const found = await head(key);
      const file = found && {
        size: found.ContentLength ?? 0,
        mimetype: found.ContentType ?? mimetypeOfName(name),
        expiresAt: expiryOf(found, lifetimeMs),
      };
      if (!file || file.expiresAt <= now()) {
        forget(key);
        return undefined;
      }
      remember(key, session, file);
      return file;
    },
    async open(session, name, { start, end }) {
      if (!isSafe(session, name)) throw new WaError("WA_FILE_NOT_FOUND", "File not found");
      try {
        const answer = await client.send(
          new GetObjectCommand({
            Bucket,
            Key: keyOf(session, name),
            Range: `bytes=${start}-${end}`,
          }),
        );
        return answer.Body as Readable;
      } catch (error) {
        if (!isNotFound(error)) throw failure(error);
        forget(keyOf(session, name));
        throw new WaError("WA_FILE_NOT_FOUND", "File not found");
      }
    },
    async link(session, name, file) {
      const Key = keyOf(session, name);
      const s3 = { Bucket, Key };
      if (settings.proxyFiles) return { url: null, s3 };
      const left = Math.ceil((file.expiresAt - now()) / 1000);
      const expiresIn = Number.isFinite(left)
        ? Math.min(Math.max(left, 1), MAX_URL_SECONDS)
        : MAX_URL_SECONDS;
      const url = await getSignedUrl(client, new GetObjectCommand({ Bucket, Key }), { expiresIn });
      return { url, s3 };
    },
    async write(session, name, mimetype, bytes, details) {
      if (!isSafe(session, name)) throw new Error(`unsafe media file name '${session}/${name}'`);
      const Key = keyOf(session, name);
      const expiresAt = lifetimeMs > 0 ? now() + lifetimeMs : Number.POSITIVE_INFINITY;
      const Metadata: Record<string, string> = { [META.session]: session };
      if (Number.isFinite(expiresAt)) Metadata[META.expiresAt] = String(expiresAt);
      if (details) Metadata[META.messageId] = details.messageId;
      if (details?.filename) Metadata[META.filename] = encodeURIComponent(details.filename);
      const params = { Bucket, Key, ContentType: mimetype, Metadata };
      const size = await uploadStream(client, params, bytes, failure);
      const file = { size, mimetype, expiresAt };
      remember(Key, session, file);
      return file;
    },
    async restore() {
      try {
        await client.send(new HeadBucketCommand({ Bucket }));
      } catch (error) {
        throw unreachableBucket(settings, error);
      }
      if (lifetimeMs > 0 && !sweeper) {
        sweeper = setInterval(() => void sweep(), sweepMs);
        sweeper.unref();
        void sweep();
      }
    },
    async removeSession(session) {
      if (!SESSION_NAME_PATTERN.test(session)) return;
      const keys: string[] = [];
      for await (const { key } of listed(`${session}/`)) {
        if (splitKey(key)?.session === session) keys.push(key);
      }
      for (const key of keys) forget(key);
      for (let index = 0; index < keys.length; index += 1000) {
        const Objects = keys.slice(index, index + 1000).map((Key) => ({ Key }));
        const answer = await client
          .send(new DeleteObjectsCommand({ Bucket, Delete: { Objects, Quiet: true } }))
          .catch((error: unknown) => {
            throw failure(error);
          });
        const failed = answer.Errors?.[0];
        if (failed) throw failure(new Error(`${failed.Key}: ${failed.Code} ${failed.Message}`));
      }
    },
    close() {
      clearInterval(sweeper);
      sweeper = undefined;
      for (const entry of cache.values()) clearTimeout(entry.timer);
      cache.clear();
      client.destroy();
    },
  };
}
