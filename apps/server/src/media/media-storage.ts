/**
 * @module The port where downloaded media is kept: the local folder (`media-files.ts`, the default)
 * or an S3-compatible bucket (`s3-media-storage.ts`, `WAHA_MEDIA_STORAGE=S3`). The media service
 * and the files route only see this interface. Every method refuses a session or file name that
 * is not a file of that session (see `file-names.ts`) before any I/O.
 */
import type { Readable } from "node:stream";

/** What is known of one kept file. */
export interface StoredMedia {
  size: number;
  mimetype: string;
  /** When it is deleted, in ms (Infinity: never). */
  expiresAt: number;
}

/** Where clients fetch a kept file. */
export interface MediaLink {
  /** A URL that serves the file directly (an S3 pre-signed URL), or null: `/api/files/...`. */
  url: string | null;
  /** WAHA's `media.s3`: the bucket and key, when the file lives in S3. */
  s3?: { Bucket: string; Key: string };
}

/** What the message says about a file, kept beside it where the storage can (S3 metadata). */
export interface MediaDetails {
  messageId: string;
  filename: string | null;
}

/** A byte range of a file, both ends included. */
export interface ByteRange {
  start: number;
  end: number;
}

/** A place for media files. */
export interface MediaStorage {
  /** The session's unexpired file `name`, or undefined. */
  find(session: string, name: string): Promise<StoredMedia | undefined>;
  /**
   * The bytes of a file (a range of them), or a `WA_FILE_NOT_FOUND` error when it is gone. The
   * promise settles once the file is known to be readable, so a missing file is still a 404.
   */
  open(session: string, name: string, range: ByteRange): Promise<Readable>;
  /** Where clients fetch the file (see {@link MediaLink}). */
  link(session: string, name: string, file: StoredMedia): Promise<MediaLink>;
  /**
   * Writes `bytes` as the session's file `name`; the file is visible only once complete. If the
   * stream fails, nothing is kept and the error is thrown.
   */
  write(
    session: string,
    name: string,
    mimetype: string,
    bytes: AsyncIterable<Uint8Array>,
    details?: MediaDetails,
  ): Promise<StoredMedia>;
  /** Takes over what a previous run left (dropping expired files) and starts the expiry. */
  restore(): Promise<void>;
  /** Deletes every file of a session. */
  removeSession(session: string): Promise<void>;
  /** Stops the timers (files stay). */
  close(): void;
}
