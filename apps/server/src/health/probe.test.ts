/** @module The health probe against a real app listening on 127.0.0.1. */
import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import { createSqliteStore } from "@wa/store";
import { afterEach, describe, expect, it } from "vitest";
import { type App, buildApp } from "../app.ts";
import { probeHealth } from "./probe.ts";

describe("probeHealth", () => {
  const apps: App[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  const listen = async (apiKey: string, apiKeyExcludePaths: string[] = []) => {
    const app = await buildApp({
      store: createSqliteStore({ file: ":memory:" }),
      apiKey,
      apiKeyExcludePaths,
    });
    apps.push(app);
    await app.listen({ port: 0, host: "127.0.0.1" });
    return String((app.server.address() as AddressInfo).port);
  };

  it("is healthy when /health answers 200 with the plain key from the environment", async () => {
    const port = await listen("probe-key-strong-enough");
    expect(
      await probeHealth({ env: { PORT: port, WAHA_API_KEY: "probe-key-strong-enough" } }),
    ).toBe(true);
    expect(
      await probeHealth({ env: { PORT: port, WHATSAPP_API_KEY: "probe-key-strong-enough" } }),
    ).toBe(true);
  });

  it("is unhealthy on a 401 (wrong or missing key)", async () => {
    const port = await listen("probe-key-strong-enough");
    expect(await probeHealth({ env: { PORT: port, WAHA_API_KEY: "another-key-entirely" } })).toBe(
      false,
    );
    expect(await probeHealth({ env: { PORT: port } })).toBe(false);
  });

  it("does not send a sha512 key, and is healthy when /health is excluded from the key", async () => {
    const hashed = `sha512:${createHash("sha512").update("probe-key-strong-enough").digest("hex")}`;
    const closed = await listen(hashed);
    expect(await probeHealth({ env: { PORT: closed, WAHA_API_KEY: hashed } })).toBe(false);
    const open = await listen(hashed, ["health"]);
    expect(await probeHealth({ env: { PORT: open, WAHA_API_KEY: hashed } })).toBe(true);
  });

  it("is unhealthy when nothing listens", async () => {
    const port = await listen("probe-key-strong-enough");
    await apps.pop()?.close();
    expect(
      await probeHealth({ env: { PORT: port, WAHA_API_KEY: "probe-key-strong-enough" } }),
    ).toBe(false);
  });
});
