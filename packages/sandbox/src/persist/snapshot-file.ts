/**
 * @module Keeps a snapshot file up to date: changes are coalesced into one write at a time, each
 * written durably (a temporary file, fsync, rename over the old one, fsync of the directory), so
 * a crash leaves the previous or the new snapshot, never a torn one.
 */
import { open, readFile, rename } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** A file that follows some state. */
export interface SnapshotFile {
  /** Notes a change: a write starts within the delay. */
  changed(): void;
  /**
   * Notes a change and resolves once a write that began after this call is durable (rejects when
   * that write failed): await it before acknowledging the change to anyone.
   */
  durable(): Promise<void>;
  /** Writes what is pending at once and stops; later changes are not written. */
  close(): Promise<void>;
}

/** The snapshot text of a file, or null when there is none. */
export async function readSnapshot(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Writes `snapshot()` to `file` after changes, at most one write in flight. */
export function snapshotFile(
  file: string,
  snapshot: () => string,
  onError: (error: unknown) => void,
  delayMs = 100,
): SnapshotFile {
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;
  let closed = false;
  // Waiters of the next write: a change after a write took its snapshot needs the write after it.
  let waiters: Array<{ resolve(): void; reject(error: unknown): void }> = [];

  const writeNow = async () => {
    timer = undefined;
    const done = waiters;
    waiters = [];
    try {
      await writeDurably(file, snapshot());
      for (const waiter of done) waiter.resolve();
    } catch (error) {
      onError(error);
      for (const waiter of done) waiter.reject(error);
    }
  };

  const schedule = () => {
    if (timer || closed) return;
    timer = setTimeout(() => {
      const previous = writing;
      writing = (async () => {
        await previous;
        await writeNow();
      })();
    }, delayMs);
    timer.unref();
  };

  return {
    changed: schedule,
    durable() {
      if (closed) return Promise.resolve();
      const written = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
      schedule();
      return written;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await writing;
      await writeNow();
    },
  };
}

// --- internal ---

async function writeDurably(file: string, text: string): Promise<void> {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  const handle = await open(temporary, "w", 0o600);
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  const directory = await open(dirname(file), "r");
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
