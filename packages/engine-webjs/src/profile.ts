/**
 * @module A session's Chromium profile (LocalAuth keeps WhatsApp Web's login there) and its record in
 * the runtime's auth state. The auth state is the switch: a profile without its record (the session
 * was logged out or deleted meanwhile) is wiped before the browser starts, and logout wipes both.
 */
import { readlinkSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { AuthStateStore, SessionMe } from "@wa/core";

/** The auth-state key of a paired WEBJS session (its value: the account and when it paired). */
export const PAIRED_KEY = "webjs:paired";

/** LocalAuth's directory of a session under `dataDir` (`session-<name>`). */
export function profileDir(dataDir: string, session: string): string {
  return join(dataDir, `session-${session}`);
}

/** Removes a stale profile (no record in the auth state) and any browser still holding it. */
export async function prepareProfile(dir: string, authState: AuthStateStore): Promise<void> {
  await killProfileOwner(dir);
  if ((await authState.get(PAIRED_KEY)) === null) await removeProfile(dir);
}

/** Records that the session is paired as `me`. */
export async function recordPaired(authState: AuthStateStore, me: SessionMe | undefined) {
  await authState.setMany([[PAIRED_KEY, JSON.stringify({ me: me ?? null, at: Date.now() })]]);
}

/** Forgets the login: the auth state and the profile. */
export async function forgetLogin(dir: string, authState: AuthStateStore): Promise<void> {
  await authState.clear();
  await removeProfile(dir);
}

/** Deletes a profile directory (retrying while a dying browser still writes to it). */
export async function removeProfile(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}

/**
 * Kills a Chromium that still owns the profile: after a crash of the server, a browser may outlive
 * it (Chromium's `SingletonLock` names `<host>-<pid>`), and a second one would refuse the profile.
 */
export async function killProfileOwner(dir: string): Promise<void> {
  let target: string;
  try {
    target = readlinkSync(join(dir, "SingletonLock"));
  } catch {
    return;
  }
  const pid = Number(target.split("-").at(-1));
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) return;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  if (!cmdline.includes(dir)) return;
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}
