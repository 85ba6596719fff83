/**
 * @module Media on S3 in the server process, its settings read from the environment: it serves a
 * file another instance put in the bucket (a real local S3 server, s3rver on 127.0.0.1), and a
 * bad setting stops it at start-up, saying what to fix and never the secret.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type S3Server, startS3Server } from "./s3-server.ts";
import { runUntilExit, startServer } from "./server-process.ts";

describe("media on S3 in the server process: settings from the environment", {
  timeout: 120_000,
}, () => {
  let s3: S3Server;
  let dataDir: string;
  beforeAll(async () => {
    s3 = await startS3Server();
    dataDir = mkdtempSync(join(tmpdir(), "wa-s3-process-"));
  });
  afterAll(async () => {
    await s3?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("serves a file another instance put in the bucket", async () => {
    const data = randomBytes(4000);
    await s3.putFile("other", "ABC.pdf", data, "application/pdf");
    const server = await startServer({ ...s3.env(), WA_DATA_DIR: dataDir });
    try {
      const served = await fetch(`${server.url}/api/files/other/ABC.pdf`, {
        headers: { "x-api-key": "e2e-test-strong-key", range: "bytes=0-99" },
      });
      expect(served.status).toBe(206);
      expect(served.headers.get("content-type")).toBe("application/pdf");
      expect(Buffer.from(await served.arrayBuffer()).equals(data.subarray(0, 100))).toBe(true);
      expect((await server.get("/api/files/other/NONE.pdf")).status).toBe(404);
    } finally {
      await server.stop();
    }
  });

  it.each([
    [{ WAHA_S3_BUCKET: "" }, /WAHA_MEDIA_STORAGE=S3 needs WAHA_S3_BUCKET/],
    [{ WAHA_S3_BUCKET: "no-such-bucket" }, /'no-such-bucket'.*does not exist.*WAHA_S3_BUCKET/],
    [{ WAHA_S3_FORCE_PATH_STYLE: "perhaps" }, /WAHA_S3_FORCE_PATH_STYLE must be True or False/],
  ])("stops at start-up on %j, saying what to fix and never the secret", async (bad, message) => {
    const secret = "process-secret-never-printed";
    const ended = await runUntilExit({
      ...s3.env(),
      WAHA_API_KEY: "e2e-test-strong-key",
      WAHA_S3_SECRET_ACCESS_KEY: secret,
      WA_DATA_DIR: dataDir,
      LOG_LEVEL: "debug",
      ...bad,
    });
    expect(ended.code, ended.output).not.toBe(0);
    expect(ended.output).toMatch(message);
    expect(ended.output).not.toContain(secret);
  });
});
