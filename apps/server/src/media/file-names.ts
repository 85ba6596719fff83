/**
 * @module File names of downloaded media, WAHA's `{rawMessageId}.{ext}`: built only from the
 * characters a WhatsApp id uses plus an extension from the mimetype, and checked on the way in, so
 * a name can never leave its session's folder.
 */
import { createHash } from "node:crypto";

/** What a served file name looks like: a safe stem and a short lower-case extension. */
export const FILE_NAME_PATTERN = /^[A-Za-z0-9_-]{1,128}\.[a-z0-9]{1,10}$/;

/** Extensions of the mimetypes WhatsApp sends, as WAHA names them (mime-types' first extension). */
const EXTENSIONS: Record<string, string> = {
  "image/jpeg": "jpeg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
  "video/mp4": "mp4",
  "video/3gpp": "3gp",
  "audio/ogg": "oga",
  "audio/mpeg": "mp3",
  "audio/mp4": "m4a",
  "audio/aac": "aac",
  "application/pdf": "pdf",
  "application/zip": "zip",
  "text/plain": "txt",
};

/** The file name of a message's media: `{rawId}.{ext}` (a hash of the id if it has odd characters). */
export function mediaFileName(messageId: string, mimetype: string): string {
  const rawId = messageId.split("_")[2] ?? messageId;
  const stem = /^[A-Za-z0-9_-]{1,128}$/.test(rawId)
    ? rawId
    : createHash("sha256").update(messageId).digest("hex").slice(0, 40);
  return `${stem}.${extensionOf(mimetype)}`;
}

/** The extension of a mimetype: the table's, else the subtype's letters, else `bin`. */
export function extensionOf(mimetype: string): string {
  const bare = mimetype.split(";")[0]?.trim().toLowerCase() ?? "";
  const known = EXTENSIONS[bare];
  if (known) return known;
  const subtype = (bare.split("/")[1] ?? "").replace(/[^a-z0-9]/g, "");
  return subtype.length > 0 && subtype.length <= 10 ? subtype : "bin";
}

/** The mimetype to serve a file with, from its extension (files kept across a restart). */
export function mimetypeOfName(name: string): string {
  const extension = name.slice(name.lastIndexOf(".") + 1);
  const known = Object.entries(EXTENSIONS).find(([, ext]) => ext === extension);
  return known?.[0] ?? "application/octet-stream";
}
