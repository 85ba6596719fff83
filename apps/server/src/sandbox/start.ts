/**
 * @module Starts the loopback WhatsApp simulator inside the server process (sandbox mode). The
 * `@wa/sandbox` package is imported dynamically here, so a normal server never loads it.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Simulator } from "@wa/sandbox";
import type { NowebConnection, WebjsSettings } from "../engines.ts";

// In a variable: the sandbox (and its Signal and simulator code) is loaded only in sandbox mode.
const SANDBOX_MODULE = "@wa/sandbox";

/** The running simulator and where NOWEB must connect to reach it. */
export interface Sandbox {
  simulator: Simulator;
  noweb: NowebConnection;
  /** Where WEBJS sessions find the fake WhatsApp Web page (and the flags that keep Chromium on loopback). */
  webjs: WebjsSettings;
  close(): Promise<void>;
}

/** Options of {@link startSandbox}. */
export interface SandboxOptions {
  /**
   * Where the simulated world is kept (`sandbox-world.json`), so a restart finds the same
   * WhatsApp: paired sessions log in again, chat state stays. Absent: the world lives in memory.
   */
  dataDir?: string;
}

/** The file in the data directory that keeps the simulated world. */
export const SANDBOX_WORLD_FILE = "sandbox-world.json";

/** Starts a simulator on 127.0.0.1 (random port) and returns NOWEB's connection to it. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = (await import(SANDBOX_MODULE)) as typeof import("@wa/sandbox");
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const simulator = await sandbox.createSimulator(
    options.dataDir ? { snapshotFile: join(options.dataDir, SANDBOX_WORLD_FILE) } : {},
  );
  const web = await sandbox.startFakeWeb(simulator);
  return {
    simulator,
    noweb: {
      waWebSocketUrl: simulator.url,
      certPublicKey: simulator.certRootPublicKey,
      mediaDispatcher: simulator.mediaDispatcher,
    },
    webjs: { remotePath: web.remotePath, webVersion: web.webVersion, args: web.chromiumArgs },
    async close() {
      await web.close();
      await simulator.close();
    },
  };
}
