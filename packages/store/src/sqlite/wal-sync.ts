/**
 * @module Durability off the event loop. The connection commits with `synchronous=NORMAL` (the WAL
 * is written, not fsynced); before a write resolves, the store fsyncs the WAL file on libuv's
 * thread pool. The frames of every commit so far are then on disk, exactly as a `synchronous=FULL`
 * commit would have left them, but the event loop keeps serving reads during the fsync.
 */
import { type FileHandle, open } from "node:fs/promises";

/** Makes every commit so far durable; resolves once it is. */
export interface WalSync {
  (): Promise<void>;
  /** Releases the file handle (after the database is closed). */
  close(): Promise<void>;
}

/** The WAL fsync of a database file; a no-op for `":memory:"` (nothing to make durable). */
export function createWalSync(file: string): WalSync {
  const path = `${file}-wal`;
  let handle: Promise<FileHandle | null> | undefined;
  const opened = (): Promise<FileHandle | null> => {
    handle ??= open(path, "r+").catch((error: NodeJS.ErrnoException) => {
      // No WAL file: nothing was ever written through this connection, so nothing to sync.
      if (error.code === "ENOENT") {
        handle = undefined;
        return null;
      }
      throw error;
    });
    return handle;
  };
  const sync = async () => {
    if (file === ":memory:" || file === "") return;
    // fdatasync: the WAL's size and contents, as SQLite itself syncs it on Linux.
    await (await opened())?.datasync();
  };
  return Object.assign(sync, {
    async close() {
      const current = await handle?.catch(() => null);
      handle = undefined;
      await current?.close();
    },
  });
}
