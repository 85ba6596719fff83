/**
 * @module The simulator's whole state as one JSON text, and back: every account of the world with
 * what the socket transport keeps for it (the phone's keys, the client's pre-key bundle, Signal
 * sessions of simulated devices, stanzas not yet delivered) and its app-state (sync key, patch log).
 * A restarted simulator is then the same WhatsApp: paired clients log in again, nothing is re-seeded.
 */
import { type AppStateStore, appStateOf } from "../server/app-state.ts";
import { type SocketAccountState, socketStateOf } from "../server/socket-state.ts";
import type { WorldAccount } from "../world/types.ts";
import type { World } from "../world/world.ts";
import { decode, encode } from "./codec.ts";

const VERSION = 1;

interface AccountSnapshot {
  account: WorldAccount;
  socket: SocketAccountState;
  appState: AppStateStore;
}

/** The world's state as JSON text. */
export function snapshotWorld(world: World): string {
  const accounts: AccountSnapshot[] = world.accounts().map((account) => ({
    account,
    socket: socketStateOf(account),
    appState: appStateOf(account),
  }));
  return JSON.stringify({ version: VERSION, accounts: encode(accounts) });
}

/**
 * The accounts of a snapshot, with their socket and app-state restored. Stanzas sent but never
 * acknowledged wait for the next login, as after a dropped connection.
 */
export function restoreAccounts(text: string): WorldAccount[] {
  const parsed = JSON.parse(text) as { version?: unknown; accounts?: unknown };
  if (parsed.version !== VERSION || !Array.isArray(parsed.accounts)) {
    throw new Error(`sandbox: not a world snapshot of version ${VERSION}`);
  }
  return (decode(parsed.accounts) as AccountSnapshot[]).map(({ account, socket, appState }) => {
    const state = Object.assign(socketStateOf(account), socket);
    state.offlineQueue.unshift(...state.unacked.values());
    state.unacked.clear();
    Object.assign(appStateOf(account), appState);
    return account;
  });
}
