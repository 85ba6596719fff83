/**
 * @module What a stored Baileys media message says about its file: type (voice notes are audio
 * with `ptt`), mimetype, file name, size and the plain file's SHA-256. Pure, over the stored raw
 * JSON (`_data`), so describing media never needs Baileys or the network.
 */
import type { MediaType } from "@wa/core";
import { type Content, contentType, normalizeContent } from "./content.ts";
import { isJsonBuffer, toNumber } from "./raw.ts";

/** A media message's file as the message describes it. */
export interface MediaFacts {
  type: MediaType;
  mimetype: string;
  filename: string | null;
  size: number | null;
  /** SHA-256 of the plain file (`fileSha256`), to check a download against. */
  sha256: Buffer | null;
}

/** WhatsApp's own defaults when a message omits its mimetype. */
const DEFAULT_MIMETYPE: Record<MediaType, string> = {
  image: "image/jpeg",
  video: "video/mp4",
  audio: "audio/mpeg",
  voice: "audio/ogg; codecs=opus",
  document: "application/octet-stream",
  sticker: "image/webp",
};

interface MediaFields {
  mimetype?: string | null;
  fileName?: string | null;
  fileLength?: unknown;
  fileSha256?: unknown;
  ptt?: boolean | null;
}

/** The file facts of a raw Baileys message (`_data`), or null when it carries no media. */
export function mediaFacts(raw: unknown): MediaFacts | null {
  const content = normalizeContent((raw as { message?: Content | null } | null)?.message);
  const field = contentType(content);
  const fields = field ? ((content as Record<string, unknown>)[field] as MediaFields) : null;
  const type = field ? typeOfField(field, fields) : null;
  if (!type || !fields) return null;
  return {
    type,
    mimetype: fields.mimetype || DEFAULT_MIMETYPE[type],
    filename: fields.fileName || null,
    size: toNumber(fields.fileLength),
    sha256: bytesOf(fields.fileSha256),
  };
}

// --- internal ---

function typeOfField(field: string, fields: MediaFields | null): MediaType | null {
  switch (field) {
    case "imageMessage":
      return "image";
    case "videoMessage":
    case "ptvMessage":
      return "video";
    case "audioMessage":
      return fields?.ptt ? "voice" : "audio";
    case "documentMessage":
      return "document";
    case "stickerMessage":
      return "sticker";
    default:
      return null;
  }
}

function bytesOf(value: unknown): Buffer | null {
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (isJsonBuffer(value)) return Buffer.from(value.data, "base64");
  if (typeof value === "string" && value !== "") return Buffer.from(value, "base64");
  return null;
}
