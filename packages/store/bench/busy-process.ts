/**
 * @module The CPU-bound neighbour of the loaded ingestion: a node process spinning on the cores
 * the bench runs on.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";

/**
 * A CPU-bound process beside the bench: a node process spinning, pinned with `taskset` to the
 * cores this process may run on (without `taskset`, unpinned on the same machine).
 */
export function startBusyProcess(): { child: ChildProcess; description: string } {
  const spin = ["-e", "for (;;) {}"];
  const cores = affinityOf(process.pid);
  if (cores) {
    const child = spawn("taskset", ["-c", cores, process.execPath, ...spin], { stdio: "ignore" });
    return {
      child,
      description: `one node process spinning a CPU, taskset -c ${cores} (the bench's own cores)`,
    };
  }
  const child = spawn(process.execPath, spin, { stdio: "ignore" });
  return { child, description: "one node process spinning a CPU (no taskset: not pinned)" };
}

// --- internal ---

/** The CPU list `taskset` reports for a process (`0-1`), or null without `taskset`. */
function affinityOf(pid: number): string | null {
  try {
    const output = execFileSync("taskset", ["-pc", String(pid)], { encoding: "utf8" });
    return output.split(":").pop()?.trim() || null;
  } catch {
    return null;
  }
}
