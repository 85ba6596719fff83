/**
 * @module Test support: server instances in one process joined through a throwaway PostgreSQL,
 * on one store and one memory world, each listening on a free loopback port.
 */
import { silentLogger } from "@wa/core";
import { createMemoryEngine, type MemoryWorld } from "@wa/engine-testkit";
import type { Store } from "@wa/store";
import { freePort } from "@wa/store/testing";
import { type App, buildApp } from "../src/app.ts";
import { type Cluster, joinCluster } from "../src/cluster/cluster.ts";
import { leaseTimings } from "../src/cluster/lease-keeper.ts";
import type { MediaSettings } from "../src/media/settings.ts";

export const TEST_KEY = "cluster-test-key";

/** One running instance. */
export interface Instance {
  app: App;
  cluster: Cluster;
  url: string;
  call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any; headers: Headers }>;
}

/** What the instances share. */
export interface Shared {
  databaseUrl: string;
  store: Store;
  world: MemoryWorld;
}

/** What may differ between instances. */
export interface InstanceOptions {
  /** @default the app's defaults (files under the OS temp dir, shared by every instance) */
  media?: Partial<MediaSettings>;
}

/** Starts an instance; it restores and takes sessions over like a server process does. */
export async function startInstance(
  { databaseUrl, store, world }: Shared,
  options: InstanceOptions = {},
): Promise<Instance> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const cluster = await joinCluster({
    databaseUrl,
    address: url,
    logger: silentLogger,
    // Long enough that a loaded machine closes a dead owner before its lease runs out.
    timings: leaseTimings(8000),
    takeoverMs: 200,
  });
  const app = await buildApp({
    store,
    apiKey: TEST_KEY,
    logger: false,
    defaultEngine: "memory",
    engines: {
      memory: async () => ({ createEngine: () => createMemoryEngine({ world, autoPair: true }) }),
    },
    sessionWait: { runningMs: 200, statusMs: 2000, pollMs: 20 },
    ...(options.media ? { media: options.media } : {}),
    cluster,
  });
  await app.listen({ port, host: "127.0.0.1" });
  await app.ctx.sessions.restore(0);
  cluster.startTakeover(() => app.ctx.sessions.restore(0));
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { "x-api-key": TEST_KEY, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: response.status, body: parsed as any, headers: response.headers };
  };
  return { app, cluster, url, call };
}

/** Stops an instance: a clean shutdown (leases given up) or, with `release: false`, as if it died. */
export async function stopInstance(instance: Instance | undefined, release = true): Promise<void> {
  if (!instance) return;
  await instance.app.close().catch(() => undefined);
  await instance.cluster.close({ release }).catch(() => undefined);
}
