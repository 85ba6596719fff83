import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMediaFiles } from "./media-files.ts";

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "wa-files-unit-"));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

async function* chunks(...parts: string[]) {
  for (const part of parts) yield Buffer.from(part);
}
async function* failing() {
  yield Buffer.from("half");
  throw new Error("cut");
}

describe("media files", () => {
  it("writes through a temporary name; a failed stream leaves nothing", async () => {
    const files = createMediaFiles({ folder, lifetimeMs: 0 });
    const file = await files.write("s1", "A.jpeg", "image/jpeg", chunks("ab", "cd"));
    expect(file).toMatchObject({
      size: 4,
      mimetype: "image/jpeg",
      expiresAt: Number.POSITIVE_INFINITY,
    });
    await expect(files.write("s1", "B.jpeg", "image/jpeg", failing())).rejects.toThrow("cut");
    expect(readdirSync(join(folder, "s1"))).toEqual(["A.jpeg"]);
    expect(files.get("s1", "B.jpeg")).toBeUndefined();
    files.close();
  });

  it("refuses names and sessions that could leave the folder, without touching the disk", async () => {
    const files = createMediaFiles({ folder, lifetimeMs: 0 });
    await files.write("s1", "A.jpeg", "image/jpeg", chunks("x"));
    for (const [session, name] of [
      ["s1", "../s1/A.jpeg"],
      ["..", "A.jpeg"],
      ["s1", ".A.jpeg"],
      ["s1", "A.jpeg/"],
      ["s2", "A.jpeg"],
      ["s1", "A"],
    ]) {
      expect(files.get(session as string, name as string), `${session}/${name}`).toBeUndefined();
    }
    await expect(files.write("s1", "../x.jpeg", "image/jpeg", chunks("x"))).rejects.toThrow(
      /unsafe/,
    );
    files.close();
  });

  it("deletes a file when its lifetime ends and reports the session", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "Date"] });
    try {
      const expired: string[] = [];
      const files = createMediaFiles({
        folder,
        lifetimeMs: 1000,
        onExpire: (s) => expired.push(s),
      });
      await files.write("s1", "A.jpeg", "image/jpeg", chunks("x"));
      expect(files.get("s1", "A.jpeg")).toBeDefined();
      await vi.advanceTimersByTimeAsync(1001);
      await vi.waitFor(() => expect(expired).toEqual(["s1"]));
      expect(files.get("s1", "A.jpeg")).toBeUndefined();
      expect(readdirSync(join(folder, "s1"))).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("restores the files of a previous run, dropping expired and stray ones", async () => {
    mkdirSync(join(folder, "s1"));
    writeFileSync(join(folder, "s1", "NEW.mp4"), "new");
    writeFileSync(join(folder, "s1", "OLD.mp4"), "old");
    writeFileSync(join(folder, "s1", ".HALF.mp4.abc.part"), "half");
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(folder, "s1", "OLD.mp4"), old, old);
    const files = createMediaFiles({ folder, lifetimeMs: 30_000 });
    await files.restore();
    expect(files.get("s1", "NEW.mp4")).toMatchObject({ size: 3, mimetype: "video/mp4" });
    expect(files.get("s1", "OLD.mp4")).toBeUndefined();
    expect(readdirSync(join(folder, "s1"))).toEqual(["NEW.mp4"]);
    await files.removeSession("s1");
    expect(readdirSync(folder)).toEqual([]);
    files.close();
  });
});
