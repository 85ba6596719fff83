/** @module What every protocol handler of the simulator shares: the world, the logger, the live connections and timing knobs. */
import type { BinaryNode } from "@whiskeysockets/baileys";
import type { Logger } from "pino";
import type { WorldAccount } from "../world/types.ts";
import type { World } from "../world/world.ts";
import type { ClientConnection } from "./connection.ts";
import type { MediaHost } from "./media/media-host.ts";
import type { PendingLinkCode } from "./pairing-code.ts";

/** Shared state of one simulator instance. */
export interface SimContext {
  world: World;
  logger: Logger;
  /** Delay before delivery/read receipts for client messages (Baileys merges early ones into the upsert). */
  receiptDelayMs: number;
  /** Messages per history-sync chunk. */
  historyChunkSize: number;
  /** Pause between history chunks (0: all at once). */
  historyChunkDelayMs: number;
  /** Clients that connected without credentials and wait for a QR scan, by base64 Noise key. */
  pairing: Map<string, ClientConnection>;
  /** Clients that asked for a pairing code, by the phone number they gave. */
  linkCodes: Map<string, PendingLinkCode>;
  /** The HTTPS host serving the encrypted files of media messages. */
  media: MediaHost;
  /** Logged-in connections of an account. */
  connectionsOf(account: WorldAccount): ClientConnection[];
  /** Delivers a stanza to the account's client now, or queues it until the client logs in. */
  deliver(account: WorldAccount, node: BinaryNode): void;
  /** Notes that the state changed (the world snapshot, when kept, is written soon after). */
  changed(): void;
}

/** The logged-in connection of an account, if any (the simulator pairs one device per account). */
export function liveConnection(
  ctx: SimContext,
  account: WorldAccount,
): ClientConnection | undefined {
  return ctx.connectionsOf(account).find((c) => !c.closed && c.loggedIn);
}
