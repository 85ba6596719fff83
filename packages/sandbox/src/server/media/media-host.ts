/**
 * @module The simulator's media server: an HTTPS host on 127.0.0.1 (self-signed, see tls-cert.ts)
 * that keeps each uploaded file encrypted as WhatsApp does and serves it at its `directPath`. A
 * test can make a file expire (410, until the phone re-uploads it under a new path) or corrupt it,
 * and read the log of requests. Files are streamed in slices, so a large one is never copied.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { MediaType, SeedMedia } from "@wa/core";
import { type EncryptedMedia, encryptMedia } from "./media-crypto.ts";
import { createTlsIdentity } from "./tls-cert.ts";

/** One file on the host: the message it belongs to, its encryption and where it is served. */
export interface MediaUpload {
  sessionKey: string;
  messageId: string;
  type: MediaType;
  mimetype: string;
  filename?: string;
  encrypted: EncryptedMedia;
  /** `/v/sim/<hex>.enc`: changes on every re-upload. */
  directPath: string;
  /** Seconds, when the phone uploaded it. */
  uploadedAt: number;
}

/** One request the host answered. */
export interface MediaRequest {
  path: string;
  status: number;
  /** The session (and message) whose file the path named, when it named one. */
  sessionKey?: string;
  messageId?: string;
}

/** The running media host. */
export interface MediaHost {
  /** `127.0.0.1:<port>`: what `media_conn` announces and media URLs carry. */
  readonly host: string;
  /** The PEM certificate clients trust (`ca`, `NODE_EXTRA_CA_CERTS`). */
  readonly certificate: string;
  /** Encrypts a message's file and serves it at a fresh path. */
  upload(sessionKey: string, messageId: string, media: SeedMedia): MediaUpload;
  /** The current upload of a message. */
  uploadOf(sessionKey: string, messageId: string): MediaUpload | undefined;
  /** The phone uploads the file again under a new path (the old one stays gone). */
  reupload(sessionKey: string, messageId: string): MediaUpload | undefined;
  /** The file's current path answers 410 Gone, as WhatsApp's CDN does for old media. */
  expire(sessionKey: string, messageId: string): void;
  /** Flips a ciphertext byte in the middle of the file: its MAC and hashes no longer match. */
  corrupt(sessionKey: string, messageId: string): void;
  /** The requests that named a file of the session, oldest first. */
  requests(sessionKey: string): MediaRequest[];
  close(): Promise<void>;
}

/** Starts the media host on 127.0.0.1 (random port unless given). */
export async function startMediaHost(port = 0): Promise<MediaHost> {
  const identity = createTlsIdentity();
  const uploads = new Map<string, MediaUpload>();
  const byPath = new Map<string, MediaUpload>();
  const gone = new Set<string>();
  const log: MediaRequest[] = [];
  const keyOf = (sessionKey: string, messageId: string) => `${sessionKey}\u0000${messageId}`;

  /** Serves `upload` as the message's file; a replaced `previous` path stays gone. */
  const serve = (upload: MediaUpload, previous?: MediaUpload) => {
    uploads.set(keyOf(upload.sessionKey, upload.messageId), upload);
    byPath.set(upload.directPath, upload);
    if (previous) gone.add(previous.directPath);
    return upload;
  };

  const server: Server = createServer(identity, (request, response) => {
    void answer(request, response).catch(() => response.destroy());
  });
  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? "/", "https://sim").pathname;
    const upload = byPath.get(path);
    const status = !upload ? 404 : gone.has(path) ? 410 : request.method === "GET" ? 200 : 405;
    log.push({ path, status, sessionKey: upload?.sessionKey, messageId: upload?.messageId });
    if (status !== 200 || !upload) {
      response.writeHead(status).end();
      return;
    }
    const bytes = upload.encrypted.encrypted;
    response.writeHead(200, {
      "content-type": "application/octet-stream",
      "content-length": String(bytes.length),
    });
    await pipeline(Readable.from(slices(bytes)), response);
  };
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    host,
    certificate: identity.cert,
    upload(sessionKey, messageId, media) {
      const data = typeof media.data === "string" ? Buffer.from(media.data, "base64") : media.data;
      const upload: MediaUpload = {
        sessionKey,
        messageId,
        type: media.type,
        mimetype: media.mimetype,
        ...(media.filename ? { filename: media.filename } : {}),
        encrypted: encryptMedia(data, media.type),
        directPath: newDirectPath(),
        uploadedAt: Math.floor(Date.now() / 1000),
      };
      return serve(upload);
    },
    uploadOf: (sessionKey, messageId) => uploads.get(keyOf(sessionKey, messageId)),
    reupload(sessionKey, messageId) {
      const current = uploads.get(keyOf(sessionKey, messageId));
      if (!current) return undefined;
      return serve({ ...current, directPath: newDirectPath() }, current);
    },
    expire(sessionKey, messageId) {
      const current = uploads.get(keyOf(sessionKey, messageId));
      if (current) gone.add(current.directPath);
    },
    corrupt(sessionKey, messageId) {
      const current = uploads.get(keyOf(sessionKey, messageId));
      if (!current) return;
      const bytes = Buffer.from(current.encrypted.encrypted);
      const middle = Math.floor((bytes.length - 10) / 2);
      bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
      current.encrypted = { ...current.encrypted, encrypted: bytes };
    },
    requests: (sessionKey) => log.filter((entry) => entry.sessionKey === sessionKey),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// --- internal ---

/** 64 KiB views of a buffer (no copies), so the response applies back-pressure. */
function* slices(bytes: Buffer): Generator<Buffer> {
  for (let start = 0; start < bytes.length; start += 65_536) {
    yield bytes.subarray(start, start + 65_536);
  }
}

function newDirectPath(): string {
  return `/v/sim/${randomBytes(16).toString("hex")}.enc`;
}
