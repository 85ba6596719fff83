/**
 * @module `media` of WAHA messages (waha-compat §3.1): each media message's file is downloaded once
 * (concurrent reads share one download), kept in the media storage (the local folder or S3) for its lifetime and
 * shared by every later read; downloads are bounded in number, size and time, a failure becomes
 * WAHA's error shape for that message (never a failed page) and is reported without a new attempt
 * for `retryAfterMs`. Pages without media pass through untouched.
 */
import {
  type EngineRuntime,
  isWaError,
  type MediaAttachment,
  toWaError,
  type WAMedia,
  type WAMessage,
  WaError,
} from "@wa/core";
import { serializeStoreJson } from "../http-cache/json.ts";
import { mediaFileName } from "./file-names.ts";
import type { MediaStorage, StoredMedia } from "./media-storage.ts";
import { allowsMimetype, type MediaSettings } from "./settings.ts";
import { createSlots } from "./slots.ts";

/** The media of messages, for the routes. */
export interface MediaService {
  readonly settings: MediaSettings;
  /** Where files are kept: the local folder or an S3 bucket. */
  readonly files: MediaStorage;
  /**
   * A message's WAHA `media`: `{url, mimetype, filename}` once its file is kept, the error shape
   * when it could not be, or null (no media, media off, filtered mimetype, engine without media).
   * `origin` is the `scheme://host` of file URLs when `WAHA_BASE_URL` is unset.
   */
  mediaOf(
    session: string,
    runtime: EngineRuntime,
    message: WAMessage,
    origin: string,
  ): Promise<WAMedia | null>;
  /** A page's stored JSON texts with `media` filled in for its media messages (the others as they are). */
  withMedia(
    session: string,
    runtime: EngineRuntime,
    texts: string[],
    origin: string,
  ): Promise<string[]>;
  /** Stops the service's and the files' timers (files stay on disk). */
  close(): void;
}

/** Options of {@link createMediaService}. */
export interface MediaServiceOptions {
  settings: MediaSettings;
  files: MediaStorage;
  /** Called when a session's media answers change by themselves (a failure may be retried now). */
  onChange?(session: string): void;
}

/** Creates the media service. */
export function createMediaService(options: MediaServiceOptions): MediaService {
  const { settings, files } = options;
  const slots = createSlots(settings.concurrency);
  const flights = new Map<string, Promise<WaError | null>>();
  const failures = new Map<string, { error: WaError; timer: NodeJS.Timeout }>();

  const download = async (
    session: string,
    name: string,
    messageId: string,
    attachment: MediaAttachment,
  ) => {
    if (attachment.size !== null && attachment.size > settings.maxBytes) return tooLarge(settings);
    await slots.take();
    // The timeout starts with the download, not in the queue for a slot.
    const signal = AbortSignal.timeout(settings.timeoutMs);
    try {
      const bytes = await attachment.download({ signal });
      const details = { messageId, filename: attachment.filename };
      await files.write(session, name, attachment.mimetype, bounded(bytes, settings), details);
      return null;
    } catch (error) {
      return signal.aborted && !isWaError(error) ? timedOut(settings) : toWaError(error);
    } finally {
      slots.give();
    }
  };

  const remember = (session: string, key: string, error: WaError) => {
    clearTimeout(failures.get(key)?.timer);
    const timer = setTimeout(() => {
      failures.delete(key);
      options.onChange?.(session);
    }, settings.retryAfterMs).unref();
    failures.set(key, { error, timer });
  };

  const mediaOf: MediaService["mediaOf"] = async (session, runtime, message, origin) => {
    if (!settings.enabled || !message.hasMedia || !runtime.supports("messages.media")) return null;
    const attachment = await runtime
      .call("messages.media", async (engine) => engine.getMedia?.(message) ?? null)
      .catch((error: unknown) => toWaError(error));
    if (attachment === null || isWaError(attachment)) {
      return attachment && errorMedia(null, null, attachment);
    }
    if (!allowsMimetype(settings, attachment.mimetype)) return null;
    const name = mediaFileName(message.id, attachment.mimetype);
    const described = { mimetype: attachment.mimetype, filename: attachment.filename };
    const key = `${session}/${name}`;
    const kept = async (file: StoredMedia): Promise<WAMedia> => {
      const { url, s3 } = await files.link(session, name, file);
      return {
        url: url ?? fileUrl(settings, origin, session, name),
        ...described,
        ...(s3 && { s3 }),
      };
    };
    const storageError = (error: unknown) =>
      errorMedia(described.mimetype, described.filename, toWaError(error));
    try {
      const file = await files.find(session, name);
      if (file) return await kept(file);
      const failed = failures.get(key);
      if (failed) return errorMedia(described.mimetype, described.filename, failed.error);
      let flight = flights.get(key);
      if (!flight) {
        flight = download(session, name, message.id, attachment).finally(() => flights.delete(key));
        flights.set(key, flight);
      }
      const error = await flight;
      if (!error) {
        const written = await files.find(session, name);
        // Gone already only if its lifetime is shorter than the download: report it as missing.
        if (written) return await kept(written);
        return storageError(new WaError("WA_FILE_NOT_FOUND", "The file expired right away."));
      }
      if (!failures.has(key)) remember(session, key, error);
      return errorMedia(described.mimetype, described.filename, error);
    } catch (error) {
      // The storage failed (an S3 outage): this message says so, the page is still served.
      return storageError(error);
    }
  };

  return {
    settings,
    files,
    mediaOf,
    async withMedia(session, runtime, texts, origin) {
      if (!settings.enabled) return texts;
      return Promise.all(
        texts.map(async (text) => {
          // Unescaped quotes only delimit JSON strings: a text without this has no media.
          if (!text.includes('"hasMedia":true')) return text;
          const message = JSON.parse(text) as WAMessage;
          const media = await mediaOf(session, runtime, message, origin);
          return media ? serializeStoreJson({ ...message, media }) : text;
        }),
      );
    },
    close() {
      for (const { timer } of failures.values()) clearTimeout(timer);
      failures.clear();
      files.close();
    },
  };
}

// --- internal ---

function fileUrl(settings: MediaSettings, origin: string, session: string, name: string): string {
  return `${settings.baseUrl ?? origin}/api/files/${session}/${name}`;
}

/** WAHA's failed-download shape: no URL, what is known of the file, and the error. */
function errorMedia(mimetype: string | null, filename: string | null, error: WaError): WAMedia {
  return { url: null, mimetype, filename, error: { code: error.code, message: error.message } };
}

/** The bytes, failing with `WA_MEDIA_TOO_LARGE` as soon as they pass the limit. */
async function* bounded(bytes: AsyncIterable<Uint8Array>, settings: MediaSettings) {
  let total = 0;
  for await (const chunk of bytes) {
    total += chunk.length;
    if (total > settings.maxBytes) throw tooLarge(settings);
    yield chunk;
  }
}

function tooLarge(settings: MediaSettings): WaError {
  return new WaError(
    "WA_MEDIA_TOO_LARGE",
    `The file is larger than WA_MEDIA_MAX_BYTES (${settings.maxBytes} bytes).`,
  );
}

function timedOut(settings: MediaSettings): WaError {
  return new WaError(
    "WA_ENGINE_TIMEOUT",
    `The download took longer than WA_MEDIA_TIMEOUT_MS (${settings.timeoutMs} ms).`,
  );
}
