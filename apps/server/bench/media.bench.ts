/**
 * @module `pnpm bench:media`: what `downloadMedia=true` costs. The real server process (NOWEB) and
 * the simulator each in their own process (the simulator's media host trusted through
 * `NODE_EXTRA_CA_CERTS`); a chat of 20 images of 100 KB and one 20 MB video. Measures the first
 * `limit=20&downloadMedia=true` page (cold: 20 downloads, decrypted by Baileys, written to disk),
 * the same page again (warm p50), and the server's peak RSS growth while the 20 MB video downloads
 * (/proc VmHWM after a reset, and VmRSS sampled every 5 ms). Last line: one JSON object.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createApi, pairSession, until } from "./sessions/api.ts";
import { readRssKb, startServerProcess } from "./sessions/server-process.ts";
import { startSimulatorProcess } from "./sessions/simulator-process.ts";
import { formatTable, percentile, round } from "./sessions/stats.ts";

const SESSION = "media";
const CHAT = "14155550900@c.us";
const IMAGES = Number(process.env.BENCH_IMAGES ?? 20);
const IMAGE_BYTES = 100 * 1024;
const VIDEO_BYTES = Number(process.env.BENCH_VIDEO_MB ?? 20) * 1024 * 1024;
const WARM_READS = 50;
const API_KEY = "bench-media-key-0123456789";

const dir = mkdtempSync(join(tmpdir(), "wa-bench-media-"));
const sim = await startSimulatorProcess();
const caFile = join(dir, "media-ca.pem");
writeFileSync(caFile, sim.mediaCertificate);
const server = await startServerProcess({
  dataDir: dir,
  apiKey: API_KEY,
  simulatorUrl: sim.url,
  certRootPublicKey: sim.certRootPublicKey,
  logFile: join(dir, "server.log"),
  env: {
    NODE_EXTRA_CA_CERTS: caFile,
    LOG_LEVEL: "warn",
    WHATSAPP_FILES_LIFETIME: "0",
    WA_MEDIA_TIMEOUT_MS: "120000",
  },
});
const api = createApi(server.url, API_KEY);

try {
  await pairSession(api, sim, SESSION, { chats: [] });
  // The video is the oldest message: the newest 20, the first page, are the images.
  const t0 = Math.floor(Date.now() / 1000) - 3600;
  const video = (await sim.call(
    "pushIncomingMedia",
    SESSION,
    CHAT,
    { type: "video", mimetype: "video/mp4", data: randomBytes(VIDEO_BYTES).toString("base64") },
    { timestamp: t0 },
  )) as { id: string };
  for (let i = 0; i < IMAGES; i += 1) {
    const image = randomBytes(IMAGE_BYTES).toString("base64");
    await sim.call(
      "pushIncomingMedia",
      SESSION,
      CHAT,
      { type: "image", mimetype: "image/jpeg", data: image, caption: `image ${i}` },
      { timestamp: t0 + 60 + i },
    );
  }
  const messages = `/api/${SESSION}/chats/${CHAT}/messages`;
  await until(
    "every media message stored",
    async () => {
      const answer = await api.get(`${messages}?limit=${IMAGES + 1}&downloadMedia=false`);
      return (answer.body as unknown[]).length === IMAGES + 1 ? true : undefined;
    },
    120_000,
  );

  const page = `${messages}?limit=${IMAGES}&downloadMedia=true`;
  const coldStart = performance.now();
  const cold = await api.get(page);
  const coldMs = performance.now() - coldStart;
  const media = (
    cold.body as Array<{ media: { url: string | null; mimetype: string } | null }>
  ).map((m) => m.media);
  if (media.length !== IMAGES || media.some((m) => !m?.url || m.mimetype !== "image/jpeg")) {
    throw new Error(`cold page: expected ${IMAGES} downloaded files, got ${JSON.stringify(media)}`);
  }
  // Interleaved with a trivial route: under a shared machine's load, the baseline shows what a
  // round trip costs at all.
  const warm: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < WARM_READS; i += 1) {
    for (const [path, times] of [
      [page, warm],
      ["/api/server/version", baseline],
    ] as const) {
      const started = performance.now();
      await api.get(path);
      times.push(performance.now() - started);
    }
  }

  const rss = await measureVideo(`${messages}/false_${CHAT}_${video.id}`);
  const load = loadavg();
  const result = {
    cold_page_ms: round(coldMs, 1),
    warm_page_p50_ms: round(percentile(warm, 50), 2),
    warm_page_p99_ms: round(percentile(warm, 99), 2),
    trivial_route_p50_ms: round(percentile(baseline, 50), 2),
    rss_growth_mb: round(rss.growthMb, 1),
    rss_growth_sampled_mb: round(rss.sampledGrowthMb, 1),
    video_download_ms: round(rss.ms, 0),
    video_mb: VIDEO_BYTES / 1024 / 1024,
    images: IMAGES,
    image_kb: IMAGE_BYTES / 1024,
    load_avg_1m: round(load[0] ?? 0, 2),
  };
  process.stdout.write(
    `${formatTable(
      ["figure", "value", "target"],
      [
        ["cold page (20 downloads)", `${result.cold_page_ms} ms`, "≤ 1500 ms"],
        ["warm page p50", `${result.warm_page_p50_ms} ms`, "≤ 5 ms"],
        ["trivial route p50 (same run)", `${result.trivial_route_p50_ms} ms`, ""],
        ["peak RSS growth, 20 MB video", `${result.rss_growth_mb} MB`, "≤ 32 MB"],
        ["video download", `${result.video_download_ms} ms`, ""],
        ["load average (1 min)", String(result.load_avg_1m), ""],
      ],
    )}\n`,
  );
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await server.stop();
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** Downloads the video through get-by-id, measuring the server's RSS before and at its peak. */
async function measureVideo(path: string) {
  const before = readRssKb(server.pid);
  const resetPeak = resetHighWaterMark(server.pid);
  let sampledPeak = before;
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, readRssKb(server.pid));
  }, 5);
  const started = performance.now();
  const answer = await api.get(`${path}?downloadMedia=true`);
  const ms = performance.now() - started;
  clearInterval(sampler);
  const url = (answer.body as { media?: { url?: string } }).media?.url;
  if (!url) throw new Error(`video: no file (${JSON.stringify(answer.body).slice(0, 300)})`);
  const peak = resetPeak ? Math.max(readPeakKb(server.pid), sampledPeak) : sampledPeak;
  return { ms, growthMb: (peak - before) / 1024, sampledGrowthMb: (sampledPeak - before) / 1024 };
}

/** Resets the kernel's peak RSS of a process (`clear_refs` 5); false when not allowed. */
function resetHighWaterMark(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

function readPeakKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
}
