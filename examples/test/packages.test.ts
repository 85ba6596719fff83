/**
 * @module The packages as a new user meets them (issue 14): every publishable package is packed
 * (`pnpm pack`, which builds first), checked with `publint --strict` and `attw --pack`, installed
 * with npm into a temporary app outside the workspace, the examples are type-checked there with
 * strict NodeNext settings and run against the `wa-sandbox` bin: pair, receive, send, archive,
 * stop — and each process exits within 2 s of `stop()`. Only the npm registry and 127.0.0.1 are
 * contacted (npm's cache makes later runs offline).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SandboxControl, startSandbox } from "./sandbox-control.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLES = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "node_modules/.bin");
const PACKAGES = ["core", "store", "engine-noweb", "engine-webjs", "sandbox"];
const CONTACT = "14155550123@c.us";

let work: string;
let app: string;
let tarballs: Record<string, string>;
let sandbox: SandboxControl;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "wa-packages-"));
  app = join(work, "app");
  tarballs = {};
  for (const name of PACKAGES) {
    const { stdout } = await run("pnpm", ["pack", "--pack-destination", work], {
      cwd: join(ROOT, "packages", name),
      maxBuffer: 16 * 1024 * 1024,
    });
    const tarball = stdout.trim().split("\n").at(-1) ?? "";
    expect(tarball).toMatch(/\.tgz$/);
    tarballs[`@wa/${name}`] = tarball;
  }
  createApp();
  await run("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline"], {
    cwd: app,
    maxBuffer: 16 * 1024 * 1024,
  });
  useWorkspaceSqliteBinary();
}, 900_000);

afterAll(async () => {
  await sandbox?.close();
  if (work) rmSync(work, { recursive: true, force: true });
}, 60_000);

describe("the packed packages", () => {
  it("pass publint --strict and attw (ESM only) each", { timeout: 300_000 }, async () => {
    for (const [name, tarball] of Object.entries(tarballs)) {
      const publint = await run(join(BIN, "publint"), ["--strict", tarball]);
      expect(publint.stdout, name).toContain("All good");
      // Exits non-zero on any problem; node10 resolution and require() of an ESM-only package
      // are out of scope by design (the README says ESM, Node >= 20.19).
      await run(join(BIN, "attw"), [
        "--pack",
        tarball,
        "--profile",
        "esm-only",
        "--format",
        "ascii",
      ]);
    }
  });

  it("ship no export pointing outside the tarball, no scripts, no devDependencies", async () => {
    for (const tarball of Object.values(tarballs)) {
      const { stdout } = await run("tar", ["-xzOf", tarball, "package/package.json"]);
      const manifest = JSON.parse(stdout) as Record<string, unknown>;
      expect(JSON.stringify(manifest.exports)).not.toContain("@wa/source");
      expect(JSON.stringify(manifest.exports)).not.toContain("/src/");
      expect(manifest).toMatchObject({ license: "MIT", engines: { node: ">=20.19" } });
      expect(manifest.scripts).toBeUndefined();
      expect(manifest.devDependencies).toBeUndefined();
    }
  });

  it("type-check the examples with strict NodeNext settings", { timeout: 300_000 }, async () => {
    await run(join(app, "node_modules/.bin/tsc"), ["-p", "tsconfig.json"], { cwd: app });
  });
});

describe("the examples against wa-sandbox", () => {
  beforeAll(async () => {
    sandbox = await startSandbox(join(app, "node_modules/.bin/wa-sandbox"));
  }, 60_000);

  for (const example of ["echo-bot", "sqlite-store"]) {
    it(`${example}: pairs, receives, answers, archives, stops and exits within 2 s`, {
      timeout: 120_000,
    }, async () => {
      const account = `example-${example}`;
      const child = spawn(process.execPath, [join(app, "out", `${example}.js`)], {
        cwd: app,
        env: {
          ...process.env,
          WA_NOWEB_OPTIONS: JSON.stringify(sandbox.noweb),
          WA_DB: join(work, `${example}.sqlite3`),
        },
        stdio: ["ignore", "pipe", "inherit"],
      });
      const lines = await followExample(child, async (line) => {
        if (typeof line.qr === "string") await sandbox.call("scanQr", account, line.qr);
        if ("working" in line) await sandbox.call("pushIncomingText", account, CONTACT, "hi bot");
      });
      expect(lines.code).toBe(0);
      expect(lines.seen).toContainEqual({ received: "hi bot", from: CONTACT });
      expect(lines.seen).toContainEqual({ sent: "echo: hi bot" });
      expect(lines.exitedAfterStopMs).toBeLessThan(2_000);
      const sent = (await sandbox.call("sent", account)) as Array<{ text?: string }>;
      expect(sent.map((record) => record.text)).toContain("echo: hi bot");
      const chat = (await sandbox.call("chatState", account, CONTACT)) as { archived: boolean };
      expect(chat.archived).toBe(true);
      if (example === "sqlite-store") {
        expect(lines.seen).toContainEqual({ archived: CONTACT, stored: true });
      }
    });
  }
});

/** The temporary app: the tarballs as dependencies, the examples as its sources. */
function createApp(): void {
  mkdirSync(join(app, "src"), { recursive: true });
  const dependencies = Object.fromEntries(
    Object.entries(tarballs).map(([name, tarball]) => [name, `file:${tarball}`]),
  );
  const manifest = {
    name: "wa-examples-app",
    private: true,
    type: "module",
    dependencies: { ...dependencies, typescript: "5.9.3", "@types/node": "^20.19.0" },
    // whatsapp-web.js depends on puppeteer, whose install downloads a browser: use the core
    // package (no download), as the workspace does; WEBJS takes a Chromium path.
    overrides: { puppeteer: "npm:puppeteer-core@24.38.0" },
  };
  writeFileSync(join(app, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  copyFileSync(join(EXAMPLES, "tsconfig.app.json"), join(app, "tsconfig.json"));
  for (const file of readdirSync(EXAMPLES).filter((name) => name.endsWith(".ts"))) {
    if (file !== "vitest.config.ts") cpSync(join(EXAMPLES, file), join(app, "src", file));
  }
}

/**
 * better-sqlite3's install script downloads a prebuilt binary from GitHub or compiles SQLite
 * (minutes). The install runs without scripts; the workspace's binary of the same version, built
 * for this Node, is copied in instead. A user's own `npm install` runs the script as usual.
 */
function useWorkspaceSqliteBinary(): void {
  const built = readdirSync(join(ROOT, "node_modules/.pnpm")).find((name) =>
    name.startsWith("better-sqlite3@"),
  );
  if (!built) throw new Error("the workspace has no built better-sqlite3");
  const release = join("build", "Release");
  const from = join(ROOT, "node_modules/.pnpm", built, "node_modules/better-sqlite3", release);
  const to = join(app, "node_modules/better-sqlite3", release);
  mkdirSync(to, { recursive: true });
  copyFileSync(join(from, "better_sqlite3.node"), join(to, "better_sqlite3.node"));
}

/** Reads an example's JSON lines until it exits; `onLine` answers what the phone would do. */
async function followExample(
  child: ChildProcess,
  onLine: (line: Record<string, unknown>) => Promise<void>,
): Promise<{ seen: Record<string, unknown>[]; code: number | null; exitedAfterStopMs: number }> {
  const seen: Record<string, unknown>[] = [];
  let stoppedAt = 0;
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const kill = setTimeout(() => child.kill("SIGKILL"), 100_000);
  const handling: Promise<void>[] = [];
  if (!child.stdout) throw new Error("no stdout");
  for await (const text of createInterface({ input: child.stdout })) {
    const line = JSON.parse(text) as Record<string, unknown>;
    if (line.stopped) stoppedAt = Date.now();
    seen.push(line);
    handling.push(onLine(line));
  }
  const code = await exited;
  const exitedAt = Date.now();
  clearTimeout(kill);
  await Promise.all(handling);
  expect(stoppedAt, `the example never stopped: ${JSON.stringify(seen)}`).toBeGreaterThan(0);
  return { seen, code, exitedAfterStopMs: exitedAt - stoppedAt };
}
