/**
 * @module The WhatsApp simulator in its own process (`packages/sandbox/src/cli.ts`), so its memory
 * and CPU are not the server's, driven by JSON lines over its stdin/stdout.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const CLI = fileURLToPath(new URL("../../../../packages/sandbox/src/cli.ts", import.meta.url));

/** A running simulator process. */
export interface SimulatorProcess {
  /** `ws://127.0.0.1:<port>/ws/chat`. */
  url: string;
  /** The root key to pin (hex). */
  certRootPublicKey: string;
  /** The media host's certificate (PEM), for `NODE_EXTRA_CA_CERTS`. */
  mediaCertificate: string;
  pid: number;
  /** Calls a `Simulator` method in the child; rejects with the child's error message. */
  call(method: string, ...params: unknown[]): Promise<unknown>;
  /** Closes stdin (the child closes its server and exits), then kills it if it lingers. */
  stop(): Promise<void>;
}

/** Spawns the simulator CLI and waits for its `listening` line. */
export async function startSimulatorProcess(): Promise<SimulatorProcess> {
  const child = spawn(
    process.execPath,
    ["--conditions=@wa/source", "--import", "tsx", CLI, "--receipt-delay-ms", "150"],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  let listening: ((line: Record<string, unknown>) => void) | undefined;
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    listening = resolve;
    child.once("exit", (code) => reject(new Error(`simulator exited early (code ${code})`)));
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    // libsignal writes lines of its own to stdout ("Closing session: …"): not ours to parse.
    if (!line.startsWith("{")) return;
    const message = JSON.parse(line) as Record<string, unknown>;
    if (message.event === "listening") return listening?.(message);
    const waiter = pending.get(message.id as number);
    pending.delete(message.id as number);
    if (!waiter) return;
    if ("error" in message) waiter.reject(new Error(`simulator: ${String(message.error)}`));
    else waiter.resolve(message.result);
  });
  child.once("exit", () => {
    for (const waiter of pending.values()) waiter.reject(new Error("simulator exited"));
    pending.clear();
  });
  const hello = await ready;
  return {
    url: String(hello.url),
    certRootPublicKey: String(hello.certRootPublicKey),
    mediaCertificate: String(hello.mediaCertificate),
    pid: child.pid as number,
    call(method, ...params) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.stdin?.write(`${JSON.stringify({ id, method, params })}\n`);
      });
    },
    stop: () => stopChild(child, () => child.stdin?.end()),
  };
}

/** Asks a child to stop, waits up to `graceMs`, then SIGKILLs it. */
export async function stopChild(
  child: ChildProcess,
  ask: () => void,
  graceMs = 10_000,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  ask();
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}
