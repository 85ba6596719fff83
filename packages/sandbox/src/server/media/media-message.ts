/**
 * @module The `proto.Message` of a file as WhatsApp delivers it: the content field of its type
 * (`imageMessage`, `audioMessage` with `ptt` for voice notes, ...) with `url`, `directPath`,
 * `mediaKey`, both hashes and the length, so the client can fetch and decrypt it from the host.
 */
import type { MediaType } from "@wa/core";
import { proto } from "@whiskeysockets/baileys";
import type { MediaUpload } from "./media-host.ts";

/** The content field each media type travels in. */
const FIELD: Record<MediaType, keyof proto.IMessage> = {
  image: "imageMessage",
  video: "videoMessage",
  audio: "audioMessage",
  voice: "audioMessage",
  document: "documentMessage",
  sticker: "stickerMessage",
};

/** The message carrying `upload` (served by the host at `host`), with an optional caption. */
export function mediaMessage(upload: MediaUpload, host: string, caption?: string): proto.IMessage {
  const { encrypted } = upload;
  const content: Record<string, unknown> = {
    url: `https://${host}${upload.directPath}?mms3=true`,
    directPath: upload.directPath,
    mediaKey: encrypted.mediaKey,
    mediaKeyTimestamp: upload.uploadedAt,
    mimetype: upload.mimetype,
    fileSha256: encrypted.fileSha256,
    fileEncSha256: encrypted.fileEncSha256,
    fileLength: encrypted.fileLength,
  };
  if (caption && upload.type !== "audio" && upload.type !== "voice" && upload.type !== "sticker")
    content.caption = caption;
  if (upload.type === "voice" || upload.type === "audio") content.ptt = upload.type === "voice";
  if (upload.type === "document") {
    content.fileName = upload.filename ?? "file";
    content.title = upload.filename ?? "file";
  }
  return proto.Message.fromObject({ [FIELD[upload.type]]: content });
}
