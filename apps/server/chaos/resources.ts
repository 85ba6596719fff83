/** @module The server process's resources: RSS after a full GC (see `bench/sessions/gc-preload.ts`) and open file descriptors. */
import { readdirSync, readlinkSync } from "node:fs";
import type { ServerProcess } from "../bench/sessions/server-process.ts";
import { round } from "../bench/sessions/stats.ts";

/** One sample. */
export interface Resources {
  rssMb: number;
  heapUsedMb: number;
  fds: number;
  /** The descriptors by kind (`socket`, `pipe`, `file`, `anon_inode`), to see what stayed open. */
  fdKinds: Record<string, number>;
}

/** Samples the server's RSS (GC'd, median of three reads) and its open descriptors. */
export async function sampleResources(server: ServerProcess): Promise<Resources> {
  const memory = await server.memory();
  return {
    rssMb: round(memory.rssMb),
    heapUsedMb: round(memory.heapUsedMb),
    ...descriptors(server.pid),
  };
}

function descriptors(pid: number): { fds: number; fdKinds: Record<string, number> } {
  const fdKinds: Record<string, number> = {};
  const entries = readdirSync(`/proc/${pid}/fd`);
  for (const fd of entries) {
    let kind = "gone";
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      kind = /^(socket|pipe|anon_inode):/.exec(target)?.[1] ?? "file";
    } catch {
      // closed between the listing and the read
    }
    fdKinds[kind] = (fdKinds[kind] ?? 0) + 1;
  }
  return { fds: entries.length, fdKinds };
}

/** Whether `now` is within `ratio` (0.1: 10 %) above `start`, for RSS and descriptors both. */
export function withinRatio(start: Resources, now: Resources, ratio: number): boolean {
  return now.rssMb <= start.rssMb * (1 + ratio) && now.fds <= Math.ceil(start.fds * (1 + ratio));
}
