/**
 * @module The simulator as its own process (the `wa-sandbox` bin), so an app using an engine, a
 * benchmark or a manual session can run against it without sharing the simulator's process.
 *
 *   wa-sandbox [--port N] [--receipt-delay-ms N]
 *   node --conditions=@wa/source --import tsx packages/sandbox/src/bin.ts   (in this repository)
 *
 * It listens on 127.0.0.1 and prints one JSON line `{"event":"listening","url",...}` on stdout, with
 * `noweb`: the options to spread into `createNowebEngine` as they are. Control
 * is JSON lines: each stdin line `{"id":1,"method":"scanQr","params":["s1","<qr>"]}` calls that
 * `Simulator` method and answers `{"id":1,"result":...}` or `{"id":1,"error":"..."}` on stdout.
 * Closing stdin (or SIGTERM/SIGINT) closes the simulator and exits.
 */
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { createSimulator, type Simulator, type SimulatorOptions } from "./control.ts";

/** The methods a control line may call: those whose arguments and results are plain JSON. */
const CALLABLE = [
  "seedHistory",
  "scanQr",
  "enterPairingCode",
  "pushIncomingText",
  "pushIncomingMessage",
  "pushIncomingMedia",
  "pushPhoneSentMedia",
  "expireMedia",
  "corruptMedia",
  "mediaRequests",
  "pushIncomingEdit",
  "pushIncomingRevoke",
  "pushPhoneSentText",
  "phoneReadMessages",
  "pushHistory",
  "phoneSetArchived",
  "phoneDeleteChat",
  "setProfilePicture",
  "chatState",
  "sent",
  "isOnline",
  "peakLogins",
  "dropConnection",
  "sendMalformedFrame",
  "dropIqs",
  "logout",
] as const satisfies readonly (keyof Simulator)[];

/** One control request. */
export interface ControlRequest {
  id: number | string;
  method: string;
  params?: unknown[];
}

/** One answer, matched to its request by `id`. */
export type ControlResponse =
  | { id: number | string | null; result: unknown }
  | { id: number | string | null; error: string };

/**
 * Answers one JSON control line against `sim`. Never throws: a malformed line or a failing call
 * becomes an `error` answer, so one bad request cannot take the simulator down.
 */
export async function handleControlLine(sim: Simulator, line: string): Promise<ControlResponse> {
  let request: ControlRequest;
  try {
    request = JSON.parse(line) as ControlRequest;
  } catch {
    return { id: null, error: "invalid JSON" };
  }
  const id = request.id ?? null;
  if (!(CALLABLE as readonly string[]).includes(request.method)) {
    return { id, error: `unknown method '${String(request.method)}'` };
  }
  try {
    const method = sim[request.method as (typeof CALLABLE)[number]] as (
      ...args: unknown[]
    ) => unknown;
    const result = await method(...(Array.isArray(request.params) ? request.params : []));
    return { id, result: result ?? null };
  } catch (error) {
    return { id, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Reads `--port` and `--receipt-delay-ms` from the command line. */
export function parseCliOptions(argv: readonly string[]): SimulatorOptions {
  const options: SimulatorOptions = {};
  for (let i = 0; i < argv.length; i += 1) {
    const value = Number(argv[i + 1]);
    if (argv[i] === "--port" && Number.isInteger(value)) options.port = value;
    if (argv[i] === "--receipt-delay-ms" && Number.isInteger(value)) options.receiptDelayMs = value;
  }
  return options;
}

/** The NOWEB engine options that point it at `sim`, JSON-friendly (the root key in base64). */
export function nowebOptionsOf(sim: Pick<Simulator, "url" | "certRootPublicKey">) {
  return { waWebSocketUrl: sim.url, certPublicKey: sim.certRootPublicKey.toString("base64") };
}

/** Runs the simulator until stdin closes or a signal arrives. */
export async function runCli(): Promise<void> {
  const sim = await createSimulator(parseCliOptions(process.argv.slice(2)));
  const write = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
  write({
    event: "listening",
    url: sim.url,
    certRootPublicKey: sim.certRootPublicKey.toString("hex"),
    noweb: nowebOptionsOf(sim),
    mediaCertificate: sim.mediaCertificate,
    pid: process.pid,
  });
  let closing = false;
  const close = () => {
    if (closing) return;
    closing = true;
    void sim.close().finally(() => process.exit(0));
  };
  // Requests run concurrently (a scan waits for the client's signature); answers carry the id.
  const lines = createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    if (line.trim() !== "") void handleControlLine(sim, line).then(write);
  });
  lines.on("close", close);
  process.once("SIGTERM", close);
  process.once("SIGINT", close);
}

// Run as a script (`node … cli.ts`, as the benchmarks do); the bin calls `runCli` itself.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runCli();
