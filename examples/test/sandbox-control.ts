/** @module Drives a `wa-sandbox` process over its JSON-line control protocol (see the sandbox README). */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

/** A running `wa-sandbox`. */
export interface SandboxControl {
  /** The options its `listening` line gave for `createNowebEngine`, as printed. */
  noweb: Record<string, unknown>;
  /** Calls a simulator method; rejects with the error it answered. */
  call(method: string, ...params: unknown[]): Promise<unknown>;
  /** Closes its stdin and waits until it exited. */
  close(): Promise<void>;
}

/** Starts the bin at `path` and resolves once it listens. */
export async function startSandbox(path: string): Promise<SandboxControl> {
  const child = spawn(path, [], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  const listening = new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`wa-sandbox exited (${code}) before listening`)));
    createInterface({ input: child.stdout }).on("line", (text) => {
      const line = JSON.parse(text) as Record<string, unknown>;
      if (line.event === "listening") return resolve(line);
      const waiter = pending.get(line.id as number);
      pending.delete(line.id as number);
      if (line.error) waiter?.reject(new Error(String(line.error)));
      else waiter?.resolve(line.result);
    });
  });
  const ready = await listening;
  return {
    noweb: ready.noweb as Record<string, unknown>,
    call(method, ...params) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.stdin.write(`${JSON.stringify({ id, method, params })}\n`);
      });
    },
    async close() {
      child.stdin.end();
      // The simulator closes its sockets first; do not wait on a stuck one forever.
      const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(kill);
    },
  };
}
