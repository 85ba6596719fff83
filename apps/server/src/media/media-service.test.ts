import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CAPABILITY_KEYS,
  createEngineRuntime,
  type MediaAttachment,
  type WAMessage,
  type WaEngine,
} from "@wa/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMediaFiles } from "./media-files.ts";
import { createMediaService, type MediaService } from "./media-service.ts";
import { defaultMediaSettings, type MediaSettings } from "./settings.ts";

/** A media message of the fake engine: its file is `files[rawId]`. */
const message = (rawId: string): WAMessage =>
  ({ id: `false_1@c.us_${rawId}`, hasMedia: true, media: null }) as unknown as WAMessage;

interface FakeFile {
  bytes: Buffer;
  /** Declared size (null: unknown). */
  size?: number | null;
  /** Never ends (until aborted). */
  stuck?: boolean;
  fail?: boolean;
}

let folder: string;
let downloads: string[];
let active: number;
let peak: number;
let files: Record<string, FakeFile>;
let service: MediaService;
let changed: string[];

function engine(): WaEngine {
  const attachment = (id: string): MediaAttachment | null => {
    const rawId = id.split("_")[2] as string;
    const file = files[rawId];
    if (!file) return null;
    return {
      type: "image",
      mimetype: "image/jpeg",
      filename: null,
      size: file.size === undefined ? file.bytes.length : file.size,
      async download({ signal }) {
        downloads.push(rawId);
        active += 1;
        peak = Math.max(peak, active);
        return (async function* () {
          try {
            await new Promise((resolve) => setTimeout(resolve, 20));
            if (file.fail) throw new Error("network down");
            yield file.bytes.subarray(0, 10);
            if (file.stuck)
              await new Promise((_, reject) =>
                signal.addEventListener("abort", () => reject(signal.reason)),
              );
            yield file.bytes.subarray(10);
          } finally {
            active -= 1;
          }
        })();
      },
    };
  };
  const capabilities = Object.fromEntries(
    CAPABILITY_KEYS.map((key) => [key, key === "messages.media"]),
  );
  return {
    info: { name: "fake", library: "none" },
    capabilities,
    start: async () => {},
    stop: async () => {},
    logout: async () => {},
    sendText: async () => {
      throw new Error("unused");
    },
    sendSeen: async () => {},
    getMedia: (m: WAMessage) => attachment(m.id),
  } as unknown as WaEngine;
}

function create(settings: Partial<MediaSettings> = {}) {
  const resolved = { ...defaultMediaSettings(folder), folder, ...settings };
  const kept = createMediaFiles({ folder, lifetimeMs: resolved.lifetimeSeconds * 1000 });
  service = createMediaService({
    settings: resolved,
    files: kept,
    onChange: (s) => changed.push(s),
  });
  return createEngineRuntime(engine());
}

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "wa-media-unit-"));
  downloads = [];
  active = 0;
  peak = 0;
  changed = [];
  files = {};
});
afterEach(() => {
  service?.close();
  rmSync(folder, { recursive: true, force: true });
});

const ORIGIN = "http://h:1";
const leftovers = () => readdirSync(join(folder, "s")).filter((name) => name.includes(".part"));

describe("media service", () => {
  it("downloads a file once for concurrent and later reads, and shares it", async () => {
    const runtime = create();
    files.A = { bytes: Buffer.alloc(100, 1) };
    const results = await Promise.all(
      [1, 2, 3].map(() => service.mediaOf("s", runtime, message("A"), ORIGIN)),
    );
    expect(results).toEqual(
      Array(3).fill({
        url: `${ORIGIN}/api/files/s/A.jpeg`,
        mimetype: "image/jpeg",
        filename: null,
      }),
    );
    await service.mediaOf("s", runtime, message("A"), ORIGIN);
    expect(downloads).toEqual(["A"]);
    expect((await service.files.find("s", "A.jpeg"))?.size).toBe(100);
  });

  it("runs at most `concurrency` downloads at once", async () => {
    const runtime = create({ concurrency: 2 });
    for (const id of ["A", "B", "C", "D", "E"]) files[id] = { bytes: Buffer.alloc(50) };
    const texts = ["A", "B", "C", "D", "E"].map((id) => JSON.stringify(message(id)));
    const page = await service.withMedia("s", runtime, texts, ORIGIN);
    expect(page.map((text) => JSON.parse(text).media.url)).toHaveLength(5);
    expect(downloads).toHaveLength(5);
    expect(peak).toBe(2);
  });

  it("refuses a file larger than maxBytes: declared (no download) or streamed (nothing kept)", async () => {
    const runtime = create({ maxBytes: 64 });
    files.BIG = { bytes: Buffer.alloc(100) };
    files.SNEAKY = { bytes: Buffer.alloc(100), size: null };
    const declared = await service.mediaOf("s", runtime, message("BIG"), ORIGIN);
    expect(declared).toMatchObject({ url: null, error: { code: "WA_MEDIA_TOO_LARGE" } });
    expect(downloads).toEqual([]);
    const streamed = await service.mediaOf("s", runtime, message("SNEAKY"), ORIGIN);
    expect(streamed).toMatchObject({
      url: null,
      mimetype: "image/jpeg",
      error: { code: "WA_MEDIA_TOO_LARGE" },
    });
    expect(await service.files.find("s", "SNEAKY.jpeg")).toBeUndefined();
    expect(leftovers()).toEqual([]);
  });

  it("bounds a stuck download by timeoutMs; the page answers with the error, nothing kept", async () => {
    const runtime = create({ timeoutMs: 150 });
    files.STUCK = { bytes: Buffer.alloc(40), stuck: true };
    files.OK = { bytes: Buffer.alloc(40) };
    const texts = [JSON.stringify(message("STUCK")), JSON.stringify(message("OK"))];
    const started = Date.now();
    const [stuck, ok] = (await service.withMedia("s", runtime, texts, ORIGIN)).map((t) =>
      JSON.parse(t),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(stuck.media).toMatchObject({ url: null, error: { code: "WA_ENGINE_TIMEOUT" } });
    expect(ok.media.url).toBe(`${ORIGIN}/api/files/s/OK.jpeg`);
    expect(leftovers()).toEqual([]);
  });

  it("reports a failure without retrying until retryAfterMs, then retries and says so", async () => {
    const runtime = create({ retryAfterMs: 1500 });
    files.F = { bytes: Buffer.alloc(20), fail: true };
    const first = await service.mediaOf("s", runtime, message("F"), ORIGIN);
    expect(first).toMatchObject({ url: null, error: { code: "WA_ENGINE_FAILURE" } });
    await service.mediaOf("s", runtime, message("F"), ORIGIN);
    expect(downloads).toEqual(["F"]);
    await vi.waitFor(() => expect(changed).toEqual(["s"]), { timeout: 10_000, interval: 50 });
    files.F = { bytes: Buffer.alloc(20) };
    expect(await service.mediaOf("s", runtime, message("F"), ORIGIN)).toMatchObject({
      url: expect.any(String),
    });
    expect(downloads).toEqual(["F", "F"]);
  });

  it("passes pages without media through untouched, and leaves media null when off or filtered", async () => {
    const runtime = create({ mimetypes: ["video"] });
    files.IMG = { bytes: Buffer.alloc(10) };
    const text = JSON.stringify({ id: "x", hasMedia: false, media: null, body: '"hasMedia":true' });
    const texts = [text, JSON.stringify(message("IMG"))];
    expect(await service.withMedia("s", runtime, texts, ORIGIN)).toEqual(texts);
    service.settings.mimetypes = null;
    service.settings.enabled = false;
    expect(await service.withMedia("s", runtime, texts, ORIGIN)).toEqual(texts);
    expect(downloads).toEqual([]);
  });
});
