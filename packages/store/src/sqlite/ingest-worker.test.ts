/** @module Big writes through the ingest worker: results, failures, the in-flight bound, and exit. */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { StoredMessage } from "@wa/core";
import { afterAll, describe, expect, it } from "vitest";
import { chat, history, message } from "../contract/fixtures.ts";
import { createIngestClient } from "./ingest-client.ts";
import { openDatabase } from "./open.ts";
import { createSqliteStore } from "./store.ts";

const dir = mkdtempSync(join(tmpdir(), "wa-store-ingest-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const newFile = () => join(dir, `store-${++files}.sqlite3`);
const messages = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => message("1@c.us", `M${from + i}`, from + i));

describe("the ingest worker", () => {
  it("writes a big apply(); its events come back and a read right after sees every row", async () => {
    const store = createSqliteStore({
      file: newFile(),
      ingestUnitRows: 50,
      ingestTransactionRows: 120,
    });
    const live = { ...message("2@c.us", "LIVE", 5_000), timestamp: 5_000 };
    const result = await store.apply("s1", [
      history({ chats: [chat("1@c.us", 1)], messages: messages(1_000) }),
      { type: "message.upsert", messages: [live], notify: true },
    ]);
    expect(result.events.map((event) => [event.event, event.seq])).toEqual([
      ["message", 1],
      ["message.any", 2],
    ]);
    expect(await store.counts("s1")).toMatchObject({ chats: 2, messages: 1_001 });
    const page = await store.listMessages("s1", "1@c.us", {
      limit: 3,
      offset: 0,
      sortOrder: "desc",
      downloadMedia: false,
      merge: false,
      filter: {},
    });
    expect(page.map((item) => item.key.id)).toEqual(["M999", "M998", "M997"]);
    // The main thread's own writes and the worker's agree on the outbox sequence.
    const small = await store.apply("s1", {
      type: "chat.archive",
      chatId: "1@c.us",
      archived: true,
      timestamp: 6_000,
    });
    expect(small.events.map((event) => event.seq)).toEqual([3]);
    await store.close();
  });

  it("rolls back the unit that failed, rejects the write, and the store goes on", async () => {
    const store = createSqliteStore({
      file: newFile(),
      offloadRows: 0,
      ingestUnitRows: 2,
      ingestTransactionRows: 100,
    });
    const broken = { ...message("1@c.us", "X", 1), timestamp: null } as unknown as StoredMessage;
    const batch = history({ messages: [...messages(3), broken, ...messages(8, 4)] });
    await expect(store.apply("s1", batch)).rejects.toMatchObject({ code: "WA_STORE_FAILURE" });
    expect(await store.counts("s1")).toMatchObject({ messages: 0 });
    await store.apply("s1", history({ messages: messages(500) }));
    expect(await store.counts("s1")).toMatchObject({ messages: 500 });
    await store.close();
  });

  it("a unit that fails while later units are still handed over rejects the write, handled", async () => {
    const store = createSqliteStore({
      file: newFile(),
      ingestUnitRows: 1,
      ingestUnitsInFlight: 64,
    });
    const broken = { ...message("1@c.us", "X", 1), timestamp: null } as unknown as StoredMessage;
    // The worker answers the first unit's failure long before the 2,000th unit is handed over.
    const batch = history({ messages: [broken, ...messages(2_000)] });
    await expect(store.apply("s1", batch)).rejects.toMatchObject({ code: "WA_STORE_FAILURE" });
    expect(await store.counts("s1")).toMatchObject({ messages: 0 });
    await store.close();
  });

  it("never has more than its bound of units handed over and not yet applied", async () => {
    const file = newFile();
    openDatabase(file).close(); // created and migrated, as the store does before its worker
    const client = createIngestClient(file, {
      unitRows: 10,
      unitsInFlight: 3,
      transactionRows: 50,
    });
    let most = 0;
    let sampling = true;
    const sample = async () => {
      while (sampling) {
        most = Math.max(most, client.inFlight());
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const sampled = sample();
    // 5,000 rows: 500 units, far more than the bound.
    await client.apply("s1", [history({ messages: messages(5_000) })]);
    sampling = false;
    await sampled;
    await client.close();
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(3);
    const db = openDatabase(file);
    expect(db.prepare("SELECT COUNT(*) FROM messages").pluck().get()).toBe(5_000);
    db.close();
  });

  for (const mode of ["close", "open"]) {
    it(`keeps no process alive once the write is done (store ${mode === "close" ? "closed" : "left open"})`, async () => {
      const fixture = fileURLToPath(new URL("./ingest-exit.fixture.ts", import.meta.url));
      const child = spawn(
        process.execPath,
        ["--conditions=@wa/source", "--import", "tsx", fixture, dir, mode],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      expect(output.trim()).toBe("done 2000");
      expect(code).toBe(0);
    }, 30_000);
  }
});
