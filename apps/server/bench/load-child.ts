/**
 * @module The load generator as a child process (forked by `http.bench.ts`): it reads the plan
 * from its first argument and sends the results back over IPC, so that autocannon's own CPU work
 * never runs on the event loop of the server being measured.
 */
import { type LoadSettings, type LoadTarget, runLoad } from "./load.ts";

const plan = JSON.parse(process.argv[2] ?? "{}") as {
  targets: LoadTarget[];
  settings: LoadSettings;
};
const send = (message: unknown) =>
  new Promise<void>((resolve, reject) =>
    process.send?.(message, (error: Error | null) => (error ? reject(error) : resolve())),
  );
// The parent reads its own CPU time when a measured run starts (the server runs in the parent).
const results = await runLoad(
  plan.targets,
  plan.settings,
  () => {},
  (name) => void send({ measuring: name }),
);
await send({ results });
process.disconnect?.();
