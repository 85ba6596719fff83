/**
 * @module The folder of downloaded media: one sub-folder per session, files written to a temporary
 * name and renamed only once complete (a failed download leaves nothing), an index of the files
 * with their mimetype and expiry, and deletion when their lifetime ends. Only indexed names are
 * ever opened, so a name that is not a file of that session is refused without touching the disk.
 */
import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { SESSION_NAME_PATTERN, WaError } from "@wa/core";
import { FILE_NAME_PATTERN, mimetypeOfName } from "./file-names.ts";
import type { MediaStorage, StoredMedia } from "./media-storage.ts";

/** One kept file and where it is on disk. */
export interface MediaFile extends StoredMedia {
  path: string;
}

/** Options of {@link createMediaFiles}. */
export interface MediaFilesOptions {
  folder: string;
  /** A file's lifetime in ms; 0 keeps files forever. */
  lifetimeMs: number;
  /** Called after a file of the session was deleted (pages naming it must be computed again). */
  onExpire?(session: string): void;
  now?(): number;
}

/** The media folder: the local {@link MediaStorage}, plus its in-memory index. */
export interface MediaFiles extends MediaStorage {
  /** The indexed, unexpired file of a session, or undefined (nothing is read from disk). */
  get(session: string, name: string): MediaFile | undefined;
  /**
   * Writes `bytes` as the session's file `name`, through a temporary file renamed at the end. If
   * the stream fails, nothing is kept and the error is thrown.
   */
  write(
    session: string,
    name: string,
    mimetype: string,
    bytes: AsyncIterable<Uint8Array>,
  ): Promise<MediaFile>;
  find(session: string, name: string): Promise<MediaFile | undefined>;
  /** Indexes the files a previous run left (deleting expired ones). */
  restore(): Promise<void>;
  /** Deletes every file of a session. */
  removeSession(session: string): Promise<void>;
  /** Stops the expiry timers (files stay on disk). */
  close(): void;
}

/** Creates the media folder's manager. */
export function createMediaFiles(options: MediaFilesOptions): MediaFiles {
  const now = options.now ?? Date.now;
  const index = new Map<string, Map<string, MediaFile & { timer?: NodeJS.Timeout }>>();
  const sessionDir = (session: string) => join(options.folder, session);

  const expiry = (writtenAt: number) =>
    options.lifetimeMs > 0 ? writtenAt + options.lifetimeMs : Number.POSITIVE_INFINITY;

  const remember = (session: string, name: string, file: MediaFile) => {
    let files = index.get(session);
    if (!files) {
      files = new Map();
      index.set(session, files);
    }
    clearTimeout(files.get(name)?.timer);
    const entry: MediaFile & { timer?: NodeJS.Timeout } = { ...file };
    if (Number.isFinite(file.expiresAt)) {
      const delay = Math.max(0, file.expiresAt - now());
      entry.timer = setTimeout(() => void expire(session, name, entry), delay).unref();
    }
    files.set(name, entry);
    return file;
  };

  const expire = async (session: string, name: string, entry: MediaFile) => {
    if (index.get(session)?.get(name) !== entry) return;
    index.get(session)?.delete(name);
    await rm(entry.path, { force: true }).catch(() => {});
    options.onExpire?.(session);
  };

  const get = (session: string, name: string): MediaFile | undefined => {
    if (!isSafe(session, name)) return undefined;
    const file = index.get(session)?.get(name);
    return file && file.expiresAt > now() ? file : undefined;
  };
  return {
    get,
    async find(session, name) {
      return get(session, name);
    },
    async open(session, name, { start, end }) {
      const file = get(session, name);
      if (!file) throw new WaError("WA_FILE_NOT_FOUND", "File not found");
      return file.size === 0 ? Readable.from([]) : createReadStream(file.path, { start, end });
    },
    async link() {
      // Served by `/api/files/...` of this server.
      return { url: null };
    },

    async write(session, name, mimetype, bytes) {
      if (!isSafe(session, name)) throw new Error(`unsafe media file name '${session}/${name}'`);
      const dir = sessionDir(session);
      await mkdir(dir, { recursive: true });
      const path = join(dir, name);
      const partial = join(dir, `.${name}.${randomBytes(6).toString("hex")}.part`);
      try {
        await pipeline(bytes, createWriteStream(partial));
        await rename(partial, path);
      } catch (error) {
        await rm(partial, { force: true }).catch(() => {});
        throw error;
      }
      const { size } = await stat(path);
      return remember(session, name, { path, size, mimetype, expiresAt: expiry(now()) });
    },

    async restore() {
      const sessions = await readdir(options.folder).catch(() => [] as string[]);
      for (const session of sessions.filter((s) => SESSION_NAME_PATTERN.test(s))) {
        for (const name of await readdir(sessionDir(session)).catch(() => [] as string[])) {
          const path = join(sessionDir(session), name);
          const info = await stat(path).catch(() => null);
          if (!info?.isFile()) continue;
          const expiresAt = expiry(info.mtimeMs);
          if (!isSafe(session, name) || expiresAt <= now()) await rm(path, { force: true });
          else
            remember(session, name, {
              path,
              size: info.size,
              mimetype: mimetypeOfName(name),
              expiresAt,
            });
        }
      }
    },

    async removeSession(session) {
      if (!SESSION_NAME_PATTERN.test(session)) return;
      for (const entry of index.get(session)?.values() ?? []) clearTimeout(entry.timer);
      index.delete(session);
      await rm(sessionDir(session), { recursive: true, force: true });
    },

    close() {
      for (const files of index.values())
        for (const entry of files.values()) clearTimeout(entry.timer);
    },
  };
}

// --- internal ---

function isSafe(session: string, name: string): boolean {
  return SESSION_NAME_PATTERN.test(session) && FILE_NAME_PATTERN.test(name);
}
