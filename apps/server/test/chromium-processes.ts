/**
 * @module The Chromium processes of a WEBJS session, found through /proc: the browser runs with its
 * LocalAuth profile in its command line and leads its own process group (puppeteer starts it
 * detached), and every helper it starts (zygotes, renderers, the crash handler that re-parents itself
 * to init) stays in that group. So a session leaves no orphan when its groups are empty.
 */
import { readdirSync, readFileSync } from "node:fs";

interface ProcessInfo {
  pid: number;
  pgid: number;
  cmdline: string;
}

/** The process groups of every Chromium whose command line names `profileDir`. */
export function browserGroups(profileDir: string): number[] {
  const groups = new Set<number>();
  for (const process of processes()) {
    if (process.cmdline.includes("chromium") && process.cmdline.includes(profileDir))
      groups.add(process.pgid);
  }
  return [...groups];
}

/** The processes still alive in `groups`. */
export function aliveInGroups(groups: number[]): number[] {
  return processes()
    .filter((process) => groups.includes(process.pgid))
    .map((process) => process.pid);
}

/** The summed PSS (proportional set size: shared pages split among their users) of `pids`, in kB. */
export function pssKb(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      total += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
    } catch {
      // the process ended while we read it
    }
  }
  return total;
}

// --- internal ---

function processes(): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // `pid (comm) state ppid pgrp …`: comm may hold spaces, so count fields after its `)`.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const state = fields[0];
      if (state === "Z") continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ");
      found.push({ pid: Number(entry), pgid: Number(fields[2]), cmdline });
    } catch {
      // the process ended while we read it
    }
  }
  return found;
}
