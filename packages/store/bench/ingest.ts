/**
 * @module The bench's ingestion run: every seeded history batch through `apply()`, timed with the
 * event-loop delay, the process's CPU and the main thread's own CPU meanwhile.
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import type { HistoryBatchEvent } from "@wa/core";
import type { Store } from "../src/index.ts";
import { round } from "./measure.ts";
import { messageBatches, metadataBatch, seededMessages } from "./seed.ts";

/** One ingestion run: what `ingest()` measured. */
export interface Ingestion {
  ms: number;
  msgsPerSecond: number;
  loopP99Ms: number;
  loopMaxMs: number;
  cpuUsPerMessage: number;
  mainThreadUsPerMessage: number;
  loadStart: number;
  loadEnd: number;
  /** apply() calls (history batches). */
  batches: number;
  /** The first message batch, kept to check that a replay changes nothing. */
  replay: HistoryBatchEvent | undefined;
}

/**
 * Seeds `target` through `apply()` with every history batch, one awaited call each (as an engine
 * hands them over), timing the calls alone and the event-loop delay meanwhile.
 */
export async function ingest(target: Store, session: string): Promise<Ingestion> {
  const metadata = metadataBatch();
  const pending = messageBatches();
  const replay = pending[0];
  const loadStart = round(loadavg()[0] ?? 0, 2);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const elu = performance.eventLoopUtilization();
  const mainCpu = mainThreadCpuMs();
  const start = performance.now();
  const cpu = process.cpuUsage();
  await target.apply(session, metadata);
  for (let index = 0; index < pending.length; index++) {
    const batch = pending[index];
    pending[index] = undefined as never; // applied batches can be collected
    if (batch) await target.apply(session, batch);
  }
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const active = performance.eventLoopUtilization(elu).active;
  const mainCpuMs = mainCpu === null ? null : (mainThreadCpuMs() ?? 0) - mainCpu;
  loop.disable();
  const messages = seededMessages();
  return {
    ms,
    msgsPerSecond: Math.round((messages / ms) * 1000),
    loopP99Ms: round(loop.percentile(99) / 1e6, 1),
    loopMaxMs: round(loop.max / 1e6, 1),
    cpuUsPerMessage: round((used.user + used.system) / messages, 2),
    mainThreadUsPerMessage: round(((mainCpuMs ?? active) * 1000) / messages, 2),
    loadStart,
    loadEnd: round(loadavg()[0] ?? 0, 2),
    batches: pending.length + 1,
    replay,
  };
}

// --- internal ---

/**
 * CPU time of the main thread alone (Linux: `/proc/self/task/<pid>/stat`, in clock ticks of 10 ms),
 * or null elsewhere (the event loop's busy time is used then, which a loaded machine inflates).
 */
function mainThreadCpuMs(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
