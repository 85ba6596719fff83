/**
 * @module The harness of the NOWEB media tests: an app in sandbox mode with its own files folder, a
 * session paired into the demo world, and helpers to push a file from a contact and count the media
 * host's requests for it. The helpers take any app of the media tests (the S3 ones too).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MediaInput, Simulator } from "@wa/sandbox";
import { expect, vi } from "vitest";
import { type App, buildApp } from "../src/app.ts";
import { createEngineRegistry } from "../src/engines.ts";
import type { MediaSettings } from "../src/media/settings.ts";
import { attachSandbox, startSandbox } from "../src/sandbox/index.ts";
import { openTestStore } from "./test-store.ts";

export const KEY = "media-test-key";
export const headers = { "x-api-key": KEY };
export const S = "media";
export const CHAT = "12025550801@c.us";

export interface Harness {
  app: App;
  sim: Simulator;
  folder: string;
  close(): Promise<void>;
}

/** An app in sandbox mode with its own files folder; session `media` paired into the demo world. */
export async function start(media: Partial<MediaSettings> = {}): Promise<Harness> {
  const folder = mkdtempSync(join(tmpdir(), "wa-media-"));
  const sandbox = await startSandbox();
  const { store, close: closeStore } = await openTestStore();
  const app = await buildApp({
    store,
    apiKey: KEY,
    engines: createEngineRegistry(sandbox.noweb),
    media: { folder, ...media },
  });
  await attachSandbox(app, sandbox);
  await app.ready();
  await startSession(app);
  return {
    app,
    sim: sandbox.simulator,
    folder,
    async close() {
      await app.close();
      await closeStore();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Creates session `media` (with `config` when given) and waits until it is WORKING. */
export async function startSession(app: App, config?: Record<string, unknown>): Promise<void> {
  const payload = { name: S, ...(config ? { config } : {}) };
  await app.inject({ method: "POST", url: "/api/sessions", headers, payload });
  await vi.waitFor(
    async () =>
      expect((await app.inject({ url: `/api/sessions/${S}`, headers })).json().status).toBe(
        "WORKING",
      ),
    { timeout: 35_000, interval: 100 },
  );
}

/** A GET with the API key; `h` is any app of these tests (the S3 ones too). */
export const get = (h: Pick<Harness, "app">, url: string, extra: Record<string, string> = {}) =>
  h.app.inject({ url, headers: { ...headers, ...extra } });

/** Pushes a file from a contact and waits until the store has it; returns its API id. */
export async function pushFile(
  h: Pick<Harness, "app" | "sim">,
  file: MediaInput,
  chat = CHAT,
): Promise<string> {
  const { id } = await h.sim.pushIncomingMedia(S, chat, file);
  const messageId = `false_${chat}_${id}`;
  await vi.waitFor(
    async () =>
      expect(
        (await get(h, `/api/${S}/chats/${chat}/messages/${messageId}?downloadMedia=false`))
          .statusCode,
      ).toBe(200),
    { timeout: 35_000, interval: 50 },
  );
  return messageId;
}

export const bareId = (messageId: string) => messageId.split("_")[2] as string;
/** The statuses the media host answered for the message's file, in order. */
export const requestsOf = (h: Pick<Harness, "sim">, messageId: string) =>
  h.sim
    .mediaRequests(S)
    .filter((r) => r.messageId === bareId(messageId))
    .map((r) => r.status);
/** A file URL of the app as an inject path. */
export const pathOf = (url: string) => new URL(url).pathname;
