/**
 * @module NOWEB media: a stored message's attachment, downloaded and decrypted by Baileys' own
 * `downloadMediaMessage` (global `fetch` with the engine's `fetchOptions`, e.g. an undici
 * `dispatcher` that trusts a simulator) and streamed through a SHA-256 check against the message's
 * `fileSha256`. A file WhatsApp no longer serves (404/410) is asked for again with Baileys' media
 * re-upload request, then downloaded from its new path.
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import {
  isWaError,
  type MediaAttachment,
  type MediaDownloadOptions,
  type WAMessage,
  type WaEngine,
  WaError,
} from "@wa/core";
import type { WAMessage as BaileysMessage } from "@whiskeysockets/baileys";
import type { BaileysModule, BaileysSocket } from "./baileys.ts";
import { ENGINE_NAME, statusCodeOf } from "./errors.ts";
import { type MediaFacts, mediaFacts } from "./map/media.ts";
import { reviveRaw } from "./map/raw.ts";

/** What media downloads need from the engine. */
export interface MediaDeps {
  /** The loaded Baileys module (throws before `start`). */
  baileys(): BaileysModule;
  /** The WORKING socket (re-upload requests travel over it). */
  socket(): BaileysSocket;
  /** Passed to Baileys' `fetch` of the file (the engine's `fetchOptions` and dispatcher). */
  fetchOptions: RequestInit | undefined;
}

/** The CDN statuses after which WhatsApp clients ask the phone to upload the file again. */
const GONE_STATUSES = [404, 410];

/** The engine's `getMedia` (capability `messages.media`). */
export function createMediaReader(deps: MediaDeps): Pick<Required<WaEngine>, "getMedia"> {
  return {
    getMedia(message: WAMessage): MediaAttachment | null {
      const facts = mediaFacts(message._data);
      if (!facts) return null;
      const { type, mimetype, filename, size } = facts;
      return {
        ...{ type, mimetype, filename, size },
        download: (options) => download(deps, message, facts, options),
      };
    },
  };
}

// --- internal ---

async function download(
  deps: MediaDeps,
  message: WAMessage,
  facts: MediaFacts,
  { signal }: MediaDownloadOptions,
): Promise<AsyncIterable<Uint8Array>> {
  const raw = reviveRaw<BaileysMessage>(message._data);
  let stream: Readable;
  try {
    stream = await untilAborted(fetchFile(deps, raw), signal);
  } catch (error) {
    if (signal.aborted || !GONE_STATUSES.includes(statusCodeOf(error) ?? 0)) throw failed(error);
    // Baileys' own retry never fires in rc14: it reads `error.status`, a Boom has
    // `output.statusCode` (WhiskeySockets/Baileys#2767). So ask for the re-upload here.
    const socket = deps.socket();
    await untilAborted(socket.refreshMediaConn(false), signal);
    const updated = await untilAborted(socket.updateMediaMessage(raw), signal).catch(
      (retryError: unknown) => {
        throw failed(retryError, "the phone could not upload it again");
      },
    );
    stream = await untilAborted(fetchFile(deps, updated), signal).catch((again: unknown) => {
      throw failed(again);
    });
  }
  return verified(stream, facts, signal);
}

async function fetchFile(deps: MediaDeps, raw: BaileysMessage): Promise<Readable> {
  const options = deps.fetchOptions ? { options: deps.fetchOptions } : {};
  return (await deps.baileys().downloadMediaMessage(raw, "stream", options)) as Readable;
}

/** The stream's bytes, failing at the end when their size or SHA-256 differ from the message's. */
async function* verified(
  stream: Readable,
  facts: MediaFacts,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array> {
  const abort = () => stream.destroy(signal.reason as Error);
  signal.addEventListener("abort", abort, { once: true });
  const hash = createHash("sha256");
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
      yield chunk;
    }
  } catch (error) {
    throw signal.aborted ? signal.reason : failed(error);
  } finally {
    signal.removeEventListener("abort", abort);
    stream.destroy();
  }
  if (facts.size !== null && size !== facts.size)
    throw failed(null, `got ${size} bytes, the message says ${facts.size}`);
  if (facts.sha256 && !hash.digest().equals(facts.sha256))
    throw failed(null, "the file's SHA-256 differs from the message's fileSha256");
}

/** Settles like `work`, or rejects with the signal's reason first; a late stream is destroyed. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener("abort", abort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", abort);
        if (signal.aborted) (value as { destroy?: () => void })?.destroy?.();
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", abort);
        reject(error);
      },
    );
  });
}

function failed(cause: unknown, reason?: string): WaError {
  if (isWaError(cause)) return cause;
  const status = statusCodeOf(cause);
  const detail =
    reason ?? (cause instanceof Error ? cause.message : String(cause ?? "unknown error"));
  return new WaError("WA_MEDIA_FAILED", `[wa:${ENGINE_NAME}] media download failed: ${detail}`, {
    engine: ENGINE_NAME,
    cause,
    ...(status ? { details: { status } } : {}),
  });
}
