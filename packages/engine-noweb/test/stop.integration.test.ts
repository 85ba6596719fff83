/**
 * @module `stop()` leaves nothing that holds the process: a child that paired, worked and stopped
 * exits on its own within 2 s (Baileys' uncleared 30 s pre-key upload timer held it ~27 s before).
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const CHILD = fileURLToPath(new URL("./start-stop-child.ts", import.meta.url));

it("a process exits within 2 s of the engine's stop()", { timeout: 90_000 }, async () => {
  const child = spawn(process.execPath, ["--conditions=@wa/source", "--import", "tsx", CHILD], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = once(child, "exit");
  const lines = createInterface({ input: child.stdout });
  let stoppedAt = 0;
  lines.on("line", (line) => {
    if (line.includes('"stopped"')) stoppedAt = Date.now();
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const [code] = await exited;
  clearTimeout(timer);
  expect(stoppedAt, "the child never reported stop()").toBeGreaterThan(0);
  expect(code).toBe(0);
  expect(Date.now() - stoppedAt).toBeLessThan(2_000);
});
