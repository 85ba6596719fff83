/** @module The simulator CLI: argument parsing, JSON-line control, and the process round trip. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleControlLine, parseCliOptions } from "./cli.ts";
import { createSimulator, type Simulator } from "./control.ts";
import { SIMULATOR_CERT_ROOT_PUBLIC_KEY } from "./server/cert.ts";

describe("parseCliOptions", () => {
  it("reads the port and the receipt delay, ignoring anything else", () => {
    expect(parseCliOptions(["--port", "4100", "--receipt-delay-ms", "0", "--x", "1"])).toEqual({
      port: 4100,
      receiptDelayMs: 0,
    });
    expect(parseCliOptions(["--port", "abc"])).toEqual({});
  });
});

describe("handleControlLine", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await createSimulator();
  });
  afterAll(() => sim.close());

  it("calls a simulator method and answers with its id and result", async () => {
    const line = JSON.stringify({ id: 7, method: "isOnline", params: ["s1"] });
    expect(await handleControlLine(sim, line)).toEqual({ id: 7, result: false });
  });

  it("answers null for a method that returns nothing", async () => {
    const line = JSON.stringify({ id: 1, method: "seedHistory", params: ["s1", { chats: [] }] });
    expect(await handleControlLine(sim, line)).toEqual({ id: 1, result: null });
  });

  it("turns a failing call, an unknown method and bad JSON into error answers", async () => {
    const scan = JSON.stringify({ id: 2, method: "scanQr", params: ["s1", "2@a,b,c,d"] });
    expect(await handleControlLine(sim, scan)).toMatchObject({ id: 2, error: expect.any(String) });
    const close = JSON.stringify({ id: 3, method: "close" });
    expect(await handleControlLine(sim, close)).toEqual({ id: 3, error: "unknown method 'close'" });
    expect(await handleControlLine(sim, "{")).toEqual({ id: null, error: "invalid JSON" });
  });
});

describe("the CLI process", () => {
  it("the bin prints its URL and the NOWEB options as the engine takes them, answers a control line and exits when stdin closes", async () => {
    const cli = fileURLToPath(new URL("./bin.ts", import.meta.url));
    const child = spawn(process.execPath, ["--conditions=@wa/source", "--import", "tsx", cli], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = JSON.parse((await lines.next()).value as string);
    expect(first).toMatchObject({
      event: "listening",
      url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\//),
    });
    // The root key in base64, which createNowebEngine's certPublicKey accepts (hex it would not).
    expect(first.noweb).toEqual({
      waWebSocketUrl: first.url,
      certPublicKey: SIMULATOR_CERT_ROOT_PUBLIC_KEY.toString("base64"),
    });
    child.stdin.write(`${JSON.stringify({ id: 1, method: "isOnline", params: ["k"] })}\n`);
    expect(JSON.parse((await lines.next()).value as string)).toEqual({ id: 1, result: false });
    child.stdin.end();
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  }, 30_000);
});
