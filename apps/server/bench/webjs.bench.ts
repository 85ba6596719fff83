/**
 * @module `pnpm bench:webjs`: WEBJS sessions on the real server (its own process), whatsapp-web.js in
 * Chromium against the fake WhatsApp Web page of a simulator in this process. Pairs the sessions one
 * after another (time from create to WORKING), lets them idle, then measures memory per session: the
 * PSS of the session's browser process tree plus its share of the server's PSS (PSS splits shared
 * pages among the processes using them, so browsers sharing Chromium's libraries are not counted
 * twice). Then the time to read a 50-message page of a chat. Prints a table, then one JSON line last.
 *
 * Environment: BENCH_SESSIONS (3), BENCH_PAGE_READS (10), BENCH_IDLE_MS (5000), BENCH_CHROMIUM_ARGS
 * (extra Chromium flags to compare, space-separated).
 */

import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { HistorySeed } from "@wa/engine-testkit";
import { defaultChromiumPath } from "@wa/engine-webjs";
import { createSimulator, startFakeWeb } from "@wa/sandbox";
import { aliveInGroups, browserGroups, pssKb } from "../test/chromium-processes.ts";
import { webjsEnv } from "../test/e2e-world.ts";
import { createApi, until } from "./sessions/api.ts";
import { startServerProcess } from "./sessions/server-process.ts";
import { formatTable, percentile, round } from "./sessions/stats.ts";

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 3);
const PAGE_READS = Number(process.env.BENCH_PAGE_READS ?? 10);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 5000);
/** Chromium flags to try on top of the engine's own (space-separated). */
const EXTRA_ARGS = (process.env.BENCH_CHROMIUM_ARGS ?? "").split(" ").filter(Boolean);
const BIG = "12025550900@c.us";
const PAGE = 50;

const log = (line: string) => process.stderr.write(`[bench:webjs] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (kb: number) => round(kb / 1024);

/** Three chats; one holds 60 messages, so a 50-message page is a real page. */
function seed(): HistorySeed {
  const t0 = 1_720_000_000;
  const messages = (prefix: string, count: number) =>
    Array.from({ length: count }, (_, i) => ({
      id: `${prefix}${String(i).padStart(3, "0")}`,
      fromMe: i % 2 === 0,
      text: `${prefix} message ${i}`,
      timestamp: t0 + i * 60,
    }));
  return {
    chats: [
      { id: BIG, name: "Big chat", messages: messages("BIG", 60) },
      { id: "12025550901@c.us", name: "Small", messages: messages("SMALL", 5) },
      { id: "12025550902@c.us", name: "Tiny", messages: messages("TINY", 1) },
    ],
  };
}

/** Chromium's `--type=` of a process (`browser` for the main one); Chromium rewrites its title. */
function processType(pid: number): string {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
    const type = /--type=(\S+)/.exec(cmdline)?.[1] ?? "browser";
    const extra = /--utility-sub-type=(\S+)|(--top-chrome-webui)/.exec(cmdline);
    return extra ? `${type} ${extra[1] ?? extra[2]}` : type;
  } catch {
    return "gone";
  }
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), "wa-bench-webjs-"));
  const apiKey = randomBytes(24).toString("hex");
  const sim = await createSimulator({ receiptDelayMs: 150 });
  const web = await startFakeWeb(sim);
  const server = await startServerProcess({
    dataDir,
    apiKey,
    simulatorUrl: sim.url,
    certRootPublicKey: sim.certRootPublicKey.toString("hex"),
    env: {
      ...webjsEnv(web),
      WA_WEBJS_CHROMIUM_ARGS: JSON.stringify([...web.chromiumArgs, ...EXTRA_ARGS]),
      WA_HTTP_CACHE: "off",
      LOG_LEVEL: "warn",
    },
    logFile: join(dataDir, "server.log"),
  });
  const api = createApi(server.url, apiKey);
  const names = Array.from({ length: SESSIONS }, (_, i) => `webjs${i}`);
  const profile = (name: string) => join(dataDir, "webjs", `session-${name}`);
  const status = async (name: string) =>
    ((await api.get(`/api/sessions/${name}`)).body as { status?: string } | null)?.status;
  try {
    const toWorking: number[] = [];
    for (const name of names) {
      sim.seedHistory(name, seed());
      const started = performance.now();
      const created = await api.post("/api/sessions", { name });
      if (created.status !== 201) throw new Error(`create ${name}: ${JSON.stringify(created)}`);
      const qr = await until(
        `${name}'s QR`,
        async () => {
          const answer = await api.get(`/api/${name}/auth/qr?format=raw`);
          return answer.status === 200 ? (answer.body as { value: string }).value : undefined;
        },
        120_000,
      );
      await sim.scanQr(name, qr);
      await until(
        `${name} WORKING`,
        async () => ((await status(name)) === "WORKING" ? true : undefined),
        120_000,
      );
      toWorking.push(performance.now() - started);
      await until(
        `${name}'s history`,
        async () => {
          const page = await api.get(`/api/${name}/chats/${BIG}/messages?limit=${PAGE}`);
          return (page.body as unknown[] | null)?.length === PAGE ? true : undefined;
        },
        120_000,
      );
      log(`${name}: WORKING after ${Math.round(toWorking.at(-1) as number)} ms, history stored`);
    }

    log(`idle ${IDLE_MS} ms`);
    await sleep(IDLE_MS);
    const browsers = names.map((name) => {
      const groups = browserGroups(profile(name));
      const pids = aliveInGroups(groups);
      return { name, processes: pids.length, pssKb: pssKb(pids) };
    });
    if (process.env.BENCH_VERBOSE) {
      for (const pid of aliveInGroups(browserGroups(profile(names[0] as string))))
        log(`  ${pid}: ${mb(pssKb([pid]))} MB ${processType(pid)}`);
    }
    const serverPssKb = pssKb([server.pid]);
    const browserMean = browsers.reduce((sum, b) => sum + b.pssKb, 0) / SESSIONS;
    const perSession = browserMean + serverPssKb / SESSIONS;

    const pageMs: number[] = [];
    for (let i = 0; i < PAGE_READS; i++) {
      for (const name of names) {
        const started = performance.now();
        const page = await api.get(`/api/${name}/chats/${BIG}/messages?limit=${PAGE}`);
        pageMs.push(performance.now() - started);
        if ((page.body as unknown[]).length !== PAGE) throw new Error("short page");
      }
    }

    const chromium = execFileSync(defaultChromiumPath(), ["--version"], {
      encoding: "utf8",
    }).trim();
    process.stderr.write(
      `${formatTable(
        ["session", "browser processes", "browser PSS MB"],
        browsers.map((b) => [b.name, String(b.processes), String(mb(b.pssKb))]),
      )}\n`,
    );
    log(`server PSS ${mb(serverPssKb)} MB; per session ${mb(perSession)} MB (${chromium})`);
    const result = {
      sessions: SESSIONS,
      mb_per_session: mb(perSession),
      browser_pss_mb_mean: mb(browserMean),
      server_pss_mb: mb(serverPssKb),
      browser_processes_mean: round(browsers.reduce((s, b) => s + b.processes, 0) / SESSIONS),
      time_to_working_ms_p50: Math.round(percentile(toWorking, 50)),
      time_to_working_ms_max: Math.round(Math.max(...toWorking)),
      page50_ms_p50: round(percentile(pageMs, 50)),
      page50_ms_p95: round(percentile(pageMs, 95)),
      target_mb_per_session: 250,
      chromium,
      load_avg_1m: round(loadavg()[0] ?? 0, 2),
    };
    await server.stop();
    const left = names.flatMap((name) => aliveInGroups(browserGroups(profile(name))));
    if (left.length > 0) throw new Error(`Chromium processes left after stop: ${left.join(", ")}`);
    console.log(JSON.stringify(result));
  } finally {
    await server.stop();
    await web.close();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
