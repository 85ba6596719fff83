/**
 * @module The app of the S3 media tests: an app whose media lives in a bucket, with (given a
 * simulator hook) the NOWEB engine paired into the sandbox as session `media`. It shares the NOWEB
 * media harness's key, session and chat, so that harness's helpers (`get`, `pushFile`) drive it.
 */
import type { Simulator } from "@wa/sandbox";
import type { Store } from "@wa/store";
import { type App, buildApp } from "../src/app.ts";
import { createEngineRegistry } from "../src/engines.ts";
import type { MediaSettings } from "../src/media/settings.ts";
import type { S3Settings } from "../src/media/storage-settings.ts";
import { attachSandbox, startSandbox } from "../src/sandbox/index.ts";
import { KEY, startSession } from "./media-noweb-harness.ts";
import { openTestStore } from "./test-store.ts";

/** An app on the bucket. */
export interface Instance {
  app: App;
  store: Store;
  close(): Promise<void>;
}

/** An app whose media lives in the bucket; with the sandbox, session `media` is paired. */
export async function instance(
  s3: S3Settings,
  media: Partial<MediaSettings> = {},
  sim?: (simulator: Simulator) => void,
  config?: Record<string, unknown>,
): Promise<Instance> {
  const { store, close: closeStore } = await openTestStore();
  const sandbox = sim ? await startSandbox() : null;
  const app = await buildApp({
    store,
    apiKey: KEY,
    ...(sandbox ? { engines: createEngineRegistry(sandbox.noweb) } : {}),
    media: { storage: { kind: "s3", s3 }, ...media },
  });
  if (sandbox) await attachSandbox(app, sandbox);
  await app.ready();
  if (sandbox && sim) {
    sim(sandbox.simulator);
    await startSession(app, config);
  }
  return {
    app,
    store,
    async close() {
      await app.close();
      await closeStore();
    },
  };
}
