/**
 * @module CPU time per thread of this process (Linux: `/proc/self/task/<tid>/stat`), so a bench can
 * tell the ingest worker's CPU from the main thread's: `process.cpuUsage()` sums every thread.
 */
import { readdirSync, readFileSync } from "node:fs";

/** CPU milliseconds (user + system) of each thread, by thread id; empty where /proc is missing. */
export function threadCpuMs(): Map<number, number> {
  const threads = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync("/proc/self/task");
  } catch {
    return threads;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and
      // 13th, in clock ticks of 10 ms.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      threads.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return threads;
}

/**
 * The busiest thread other than the main one between two snapshots (the ingest worker during an
 * ingestion), and every other thread's CPU summed (GC helpers, libuv's pool doing the fsyncs).
 */
export function busiestOtherThread(
  before: Map<number, number>,
  after: Map<number, number>,
): { busiestMs: number; restMs: number } {
  let busiestMs = 0;
  let totalMs = 0;
  for (const [tid, ms] of after) {
    if (tid === process.pid) continue;
    const used = ms - (before.get(tid) ?? 0);
    totalMs += used;
    busiestMs = Math.max(busiestMs, used);
  }
  return { busiestMs, restMs: totalMs - busiestMs };
}
