/**
 * @module Media attachments as engines describe them: what the file is (type, mimetype, name,
 * size) from the stored message alone, and how to fetch its plain bytes as a stream.
 */

/** The kinds of attachment WAHA reports `hasMedia` for; `voice` is a push-to-talk audio note. */
export const MEDIA_TYPES = ["image", "video", "audio", "voice", "document", "sticker"] as const;

/** One of {@link MEDIA_TYPES}. */
export type MediaType = (typeof MEDIA_TYPES)[number];

/** Options of {@link MediaAttachment.download}. */
export interface MediaDownloadOptions {
  /** Aborts the download (a timeout, a shutdown); the stream then fails. */
  signal: AbortSignal;
}

/**
 * The attachment of one stored media message, described without any network call. `download`
 * fetches the file: the bytes arrive as they are decrypted, never as one buffer, and the stream
 * fails (rather than ends) when the file is corrupt, so a caller writing it out can discard it.
 */
export interface MediaAttachment {
  type: MediaType;
  /** WhatsApp's mimetype, e.g. `image/jpeg` or `audio/ogg; codecs=opus`. */
  mimetype: string;
  /** The sender's file name (documents), or null. */
  filename: string | null;
  /** The plain file's size in bytes, when the message states it. */
  size: number | null;
  /** Fetches the plain bytes. Rejects, or fails the stream, on any download or integrity error. */
  download(options: MediaDownloadOptions): Promise<AsyncIterable<Uint8Array>>;
}
