import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readConfig } from "./config.ts";

describe("readConfig", () => {
  it("has WAHA's defaults and generates a key when none is set", () => {
    const config = readConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: "0.0.0.0",
      dataDir: "./.sessions",
      defaultEngine: "noweb",
    });
    expect(config.apiKeyGenerated).toBe(true);
    expect(config.apiKey).toMatch(/^[0-9a-f]{48}$/);
  });

  it("replaces weak keys, keeps strong ones (WAHA_API_KEY or WHATSAPP_API_KEY), plain or sha512", () => {
    expect(readConfig({ WAHA_API_KEY: "admin" }).apiKeyGenerated).toBe(true);
    expect(readConfig({ WAHA_API_KEY: "my-strong-key" })).toMatchObject({
      apiKey: "my-strong-key",
      apiKeyGenerated: false,
    });
    expect(readConfig({ WHATSAPP_API_KEY: "other-strong" }).apiKey).toBe("other-strong");
    const hashed = `sha512:${createHash("sha512").update("x-strong").digest("hex")}`;
    expect(readConfig({ WAHA_API_KEY: hashed }).apiKey).toBe(hashed);
  });

  it("reads how many messages per chat WEBJS stores on ready (WA_WEBJS_SYNC_MESSAGES)", () => {
    expect(readConfig({ WA_WEBJS_SYNC_MESSAGES: "10" }).webjs.syncMessages).toBe(10);
    expect(readConfig({}).webjs.syncMessages).toBeUndefined();
    expect(readConfig({ WA_WEBJS_SYNC_MESSAGES: "lots" }).webjs.syncMessages).toBeUndefined();
  });

  it("trusts a simulator's media host for NOWEB only with a PEM certificate (WA_NOWEB_MEDIA_CA)", () => {
    const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
    expect(readConfig({ WA_NOWEB_MEDIA_CA: pem }).noweb.mediaDispatcher).toBeDefined();
    expect(readConfig({}).noweb.mediaDispatcher).toBeUndefined();
    expect(() => readConfig({ WA_NOWEB_MEDIA_CA: "not a cert" })).toThrow(/PEM certificate/);
  });

  it("keeps media files under the data directory unless WHATSAPP_FILES_FOLDER says otherwise", () => {
    const media = readConfig({ WA_DATA_DIR: "/srv/wa", WHATSAPP_DOWNLOAD_MEDIA: "false" }).media;
    expect(media).toMatchObject({ folder: "/srv/wa/files", enabled: false, lifetimeSeconds: 180 });
    const moved = readConfig({ WA_DATA_DIR: "/srv/wa", WHATSAPP_FILES_FOLDER: "/tmp/files" });
    expect(moved.media.folder).toBe("/tmp/files");
  });

  it("reads the excluded paths under both names", () => {
    expect(
      readConfig({ WHATSAPP_API_KEY_EXCLUDE_PATH: "health, api/server/version" })
        .apiKeyExcludePaths,
    ).toEqual(["health", "api/server/version"]);
    expect(readConfig({ WAHA_API_KEY_EXCLUDE_PATH: "ping" }).apiKeyExcludePaths).toEqual(["ping"]);
    expect(readConfig({}).apiKeyExcludePaths).toEqual([]);
  });

  it("paces the restore a few sessions at a time by default (WA_RESTORE_CONCURRENCY, WA_RESTORE_STAGGER_MS)", () => {
    expect(readConfig({})).toMatchObject({ restoreConcurrency: 2, restoreStaggerMs: 0 });
    expect(readConfig({ WA_RESTORE_CONCURRENCY: "8", WA_RESTORE_STAGGER_MS: "250" })).toMatchObject(
      { restoreConcurrency: 8, restoreStaggerMs: 250 },
    );
    expect(readConfig({ WA_RESTORE_CONCURRENCY: "0" }).restoreConcurrency).toBe(1);
  });

  it("WA_DATABASE_URL selects PostgreSQL; anything but a postgres:// URL stops start-up without echoing it", () => {
    expect(readConfig({}).cluster).toBeNull();
    expect(readConfig({ WA_DATABASE_URL: " " }).cluster).toBeNull();
    const url = "postgres://wa:top-secret@db.internal:5432/wa";
    expect(readConfig({ WA_DATABASE_URL: url }).cluster?.databaseUrl).toBe(url);
    for (const bad of ["mysql://wa:top-secret@db/wa", "postgres://", "db.internal:5432"]) {
      expect(() => readConfig({ WA_DATABASE_URL: bad }), bad).toThrow(
        /^WA_DATABASE_URL must be a PostgreSQL URL/,
      );
      try {
        readConfig({ WA_DATABASE_URL: bad });
      } catch (error) {
        expect((error as Error).message).not.toContain("top-secret");
      }
    }
  });

  it("WAHA_NO_API_KEY=true disables auth", () => {
    expect(readConfig({ WAHA_NO_API_KEY: "True" })).toMatchObject({
      apiKey: null,
      apiKeyGenerated: false,
    });
  });

  it("reads PORT, HOST, WA_DATA_DIR and a case-insensitive default engine", () => {
    const config = readConfig({
      PORT: "8080",
      HOST: "127.0.0.1",
      WA_DATA_DIR: "/data",
      WHATSAPP_DEFAULT_ENGINE: "NOWEB",
    });
    expect(config).toMatchObject({
      port: 8080,
      host: "127.0.0.1",
      dataDir: "/data",
      defaultEngine: "noweb",
    });
    expect(readConfig({ PORT: "nope" }).port).toBe(3000);
  });

  it("reads where NOWEB connects (a simulator's URL and hex root key) and rejects a bad key", () => {
    const key = "ab".repeat(32);
    const config = readConfig({
      WA_NOWEB_WS_URL: "ws://127.0.0.1:1/ws/chat",
      WA_NOWEB_CERT_PUBLIC_KEY: key,
    });
    expect(config.noweb.waWebSocketUrl).toBe("ws://127.0.0.1:1/ws/chat");
    expect(Buffer.from(config.noweb.certPublicKey ?? []).toString("hex")).toBe(key);
    expect(readConfig({}).noweb).toEqual({});
    expect(() => readConfig({ WA_NOWEB_CERT_PUBLIC_KEY: "abc" })).toThrow(
      expect.objectContaining({ code: "WA_VALIDATION_FAILED" }),
    );
  });

  it("reads sandbox mode (off by default) and its auto-pairing (on by default)", () => {
    expect(readConfig({})).toMatchObject({
      sandbox: false,
      sandboxAutoPair: true,
      dataDirSet: false,
    });
    expect(
      readConfig({ WA_SANDBOX: "1", WA_SANDBOX_AUTO_PAIR: "false", WA_DATA_DIR: "/d" }),
    ).toMatchObject({ sandbox: true, sandboxAutoPair: false, dataDirSet: true });
  });
});
