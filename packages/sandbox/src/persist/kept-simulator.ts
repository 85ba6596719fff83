/**
 * @module A simulator whose world is kept in a snapshot file: every control call that changes the
 * world notes it; the asynchronous ones resolve only once the change is durable, so what a caller
 * was told happened (a pushed message, a pairing) survives a crash of the process.
 */
import type { Simulator } from "../control.ts";
import type { SnapshotFile } from "./snapshot-file.ts";

/** Control calls that change the world and answer with a promise: they wait for the write. */
const ASYNC_CHANGES = [
  "scanQr",
  "enterPairingCode",
  "pushIncomingText",
  "pushIncomingMessage",
  "pushIncomingMedia",
  "pushIncomingEdit",
  "pushIncomingRevoke",
  "phoneSetArchived",
  "phoneDeleteChat",
] as const satisfies ReadonlyArray<keyof Simulator>;

/** Control calls that change the world synchronously: the write follows shortly. */
const SYNC_CHANGES = [
  "seedHistory",
  "registerCreds",
  "pushPhoneSentMedia",
  "pushPhoneSentText",
  "phoneReadMessages",
  "pushHistory",
  "setProfilePicture",
  "dropIqs",
  "logout",
] as const satisfies ReadonlyArray<keyof Simulator>;

/** The simulator with its changes written to `file`; closing it writes the last snapshot. */
export function keptSimulator(simulator: Simulator, file: SnapshotFile): Simulator {
  const kept: Simulator = { ...simulator };
  for (const name of ASYNC_CHANGES) {
    const call = simulator[name] as (...args: unknown[]) => Promise<unknown>;
    (kept as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      try {
        return await call(...args);
      } finally {
        await file.durable();
      }
    };
  }
  for (const name of SYNC_CHANGES) {
    const call = simulator[name] as (...args: unknown[]) => unknown;
    (kept as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      try {
        return call(...args);
      } finally {
        file.changed();
      }
    };
  }
  kept.close = async () => {
    await simulator.close();
    await file.close();
  };
  return kept;
}
