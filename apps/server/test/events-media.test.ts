/**
 * @module Media in event payloads, end to end in process: the real NOWEB engine (Baileys) against
 * the simulator, whose files are encrypted and served over HTTPS on 127.0.0.1; a `message` webhook
 * to a real receiver and the replay route carry `media` filled as the messages routes do, with a
 * URL the API serves byte for byte, and one download shared by both.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Simulator } from "@wa/sandbox";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type App, buildApp } from "../src/app.ts";
import { createEngineRegistry } from "../src/engines.ts";
import { attachSandbox, startSandbox } from "../src/sandbox/index.ts";
import { openTestStore, type TestStore } from "./test-store.ts";
import { type Receiver, startReceiver } from "./webhook-receiver.ts";

const KEY = "events-media-key";
const headers = { "x-api-key": KEY };
const S = "evmedia";
const CHAT = "12025550801@c.us";
const BASE_URL = "http://files.example.test:8080";

describe("media in message events, NOWEB against the simulator", { timeout: 90_000 }, () => {
  let app: App;
  let sim: Simulator;
  let store: TestStore;
  let receiver: Receiver;
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "wa-events-media-"));
    receiver = await startReceiver();
    const sandbox = await startSandbox();
    sim = sandbox.simulator;
    store = await openTestStore();
    app = await buildApp({
      store: store.store,
      apiKey: KEY,
      engines: createEngineRegistry(sandbox.noweb),
      media: { folder, baseUrl: BASE_URL },
    });
    await attachSandbox(app, sandbox);
    await app.ready();
    const config = { webhooks: [{ url: receiver.url(), events: ["message"] }] };
    await app.inject({
      method: "POST",
      url: "/api/sessions",
      headers,
      payload: { name: S, config },
    });
    await vi.waitFor(
      async () =>
        expect((await app.inject({ url: `/api/sessions/${S}`, headers })).json().status).toBe(
          "WORKING",
        ),
      { timeout: 35_000, interval: 100 },
    );
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await receiver?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("a photo's message webhook carries its media URL, served byte for byte; a text has none", async () => {
    const data = randomBytes(64_000);
    const { id } = await sim.pushIncomingMedia(S, CHAT, {
      type: "image",
      data,
      mimetype: "image/jpeg",
      caption: "look",
    });
    await sim.pushIncomingText(S, CHAT, "just words");
    const [photo, text] = await receiver.until(() => {
      const messages = receiver.accepted().filter((e) => e.event === "message");
      const photo = messages.find((e) => e.payload.id.endsWith(`_${id}`));
      const text = messages.find((e) => e.payload.body === "just words");
      if (!photo || !text) throw new Error("not yet");
      return [photo, text];
    }, 60_000);
    expect(photo.payload).toMatchObject({
      hasMedia: true,
      body: "look",
      media: {
        url: `${BASE_URL}/api/files/${S}/${id}.jpeg`,
        mimetype: "image/jpeg",
        filename: null,
      },
    });
    expect(text.payload.media ?? null).toBeNull();
    const served = await app.inject({ url: new URL(photo.payload.media.url).pathname, headers });
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(data)).toBe(true);

    // The replay route gives the same payload, from the same one download.
    const replay = (await app.inject({ url: `/api/${S}/events?limit=500`, headers })).json();
    const replayed = replay.find((e: { id: string }) => e.id === photo.id);
    expect(replayed.payload.media).toEqual(photo.payload.media);
    const downloads = sim.mediaRequests(S).filter((r) => r.messageId === id);
    expect(downloads.map((r) => r.status)).toEqual([200]);
  });
});
