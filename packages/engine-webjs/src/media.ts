/**
 * @module WEBJS media: a stored message's attachment, described from the serialized page model the
 * engine stored (`_data`: type, mimetype, file name, size), and downloaded through whatsapp-web.js'
 * `message.downloadMedia()`, which decrypts it in the page. The library hands the whole file over
 * CDP as one base64 string, so the stream is that file in one chunk (no smaller pieces exist).
 */
import {
  type MediaAttachment,
  type MediaDownloadOptions,
  type MediaType,
  type WAMessage,
  type WaEngine,
  WaError,
} from "@wa/core";
import type { Client } from "whatsapp-web.js";
import { ENGINE_NAME, toWaError } from "./errors.ts";
import type { WebjsMessageData } from "./map/message.ts";

/** What media downloads need: the WORKING client. */
export interface MediaDeps {
  client(): Client;
}

/** WhatsApp Web's media message types → ours (`ptt` is a voice note). */
const MEDIA_TYPES: Record<string, MediaType> = {
  image: "image",
  video: "video",
  audio: "audio",
  ptt: "voice",
  document: "document",
  sticker: "sticker",
};

/** The engine's `getMedia` (capability `messages.media`). */
export function createMediaReader(deps: MediaDeps): Pick<Required<WaEngine>, "getMedia"> {
  return {
    getMedia(message: WAMessage): MediaAttachment | null {
      const data = message._data as WebjsMessageData | undefined;
      const type = data?.directPath ? MEDIA_TYPES[String(data.type)] : undefined;
      if (!data || !type) return null;
      return {
        type,
        mimetype: typeof data.mimetype === "string" ? data.mimetype : "application/octet-stream",
        filename: typeof data.filename === "string" ? data.filename : null,
        size: typeof data.size === "number" ? data.size : null,
        download: (options) => download(deps, data, options),
      };
    },
  };
}

// --- internal ---

async function download(
  deps: MediaDeps,
  data: WebjsMessageData,
  { signal }: MediaDownloadOptions,
): Promise<AsyncIterable<Uint8Array>> {
  signal.throwIfAborted();
  const id = data.id._serialized;
  let media: { data: string } | undefined | null;
  try {
    const message = id ? await deps.client().getMessageById(id) : null;
    if (!message) throw failed("WhatsApp Web no longer has the message");
    media = await abortable(message.downloadMedia(), signal);
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw error instanceof WaError ? error : failed(toWaError(error).message, error);
  }
  if (!media?.data) throw failed("WhatsApp Web could not download the file (expired or gone)");
  const bytes = new Uint8Array(Buffer.from(media.data, "base64"));
  return (async function* () {
    yield bytes;
  })();
}

function failed(reason: string, cause?: unknown): WaError {
  return new WaError("WA_MEDIA_FAILED", `[wa:${ENGINE_NAME}] media download failed: ${reason}`, {
    engine: ENGINE_NAME,
    ...(cause === undefined ? {} : { cause }),
  });
}

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener("abort", abort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", abort);
        reject(error);
      },
    );
  });
}
