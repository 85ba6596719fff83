/**
 * @module What the server does right after the handshake: offer QR pairing to a new client, or log in a
 * paired one (`success` + `ib offline`), and what the phone sends once the client is ready (app-state
 * key share, first history sync, queued messages).
 */
import type { HistorySeed } from "@wa/core";
import { S_WHATSAPP_NET } from "@whiskeysockets/baileys";
import { applySeed } from "../world/ops.ts";
import type { WorldAccount } from "../world/types.ts";
import { worldHistory } from "../world/world-history.ts";
import { keyShareMessage } from "./app-state.ts";
import type { ClientConnection } from "./connection.ts";
import type { SimContext } from "./context.ts";
import { historyMessages } from "./history.ts";
import { contentOf } from "./media/media-content.ts";
import { peerMessage } from "./messages.ts";
import { offerPairing } from "./pairing.ts";
import { socketStateOf } from "./socket-state.ts";

/** Routes a fresh connection to pairing or login. */
export function onHandshake(ctx: SimContext, conn: ClientConnection): void {
  const payload = conn.payload;
  if (payload?.devicePairingData) {
    ctx.pairing.set(conn.noiseKey?.toString("base64") ?? "", conn);
    conn.onClose(() => ctx.pairing.delete(conn.noiseKey?.toString("base64") ?? ""));
    offerPairing(conn);
    return;
  }
  const account = ctx.world.byPhone(String(payload?.username ?? ""));
  if (!account?.paired) {
    // 401: Baileys reports `loggedOut` and the app must pair again.
    conn.send({ tag: "failure", attrs: { reason: "401", location: "sim" } });
    return;
  }
  conn.account = account;
  conn.loggedIn = true;
  const loggedIn = ctx.connectionsOf(account).filter((c) => c.loggedIn && !c.closed).length;
  const state = socketStateOf(account);
  state.peakLogins = Math.max(state.peakLogins, loggedIn);
  conn.send({
    tag: "success",
    attrs: {
      t: String(Math.floor(Date.now() / 1000)),
      lid: `${account.lid}:${account.deviceId}@lid`,
      props: "1",
      location: "sim",
    },
  });
  // Essential: Baileys buffers every event until it sees the end of the offline queue.
  conn.send({
    tag: "ib",
    attrs: { from: S_WHATSAPP_NET },
    content: [{ tag: "offline", attrs: { count: "0" } }],
  });
}

/** The client finished its login iqs (it sent `passive active`): the phone catches it up. */
export function onClientReady(ctx: SimContext, conn: ClientConnection): void {
  const account = conn.account;
  if (!account) return;
  const state = socketStateOf(account);
  if (!account.historySent) {
    account.historySent = true;
    state.newCompanion = false;
    conn.send(peerMessage(account, keyShareMessage(account)));
    const seed = account.historySeed ?? { chats: [] };
    applySeed(account, seed);
    sendHistory(ctx, account, seed);
  } else if (state.newCompanion) {
    // A companion linked again (e.g. its session deleted and created anew) has no app-state key
    // and no history: the phone shares both, the history as the world is now.
    state.newCompanion = false;
    conn.send(peerMessage(account, keyShareMessage(account)));
    sendHistory(ctx, account, worldHistory(account));
  }
  // Through `deliver`, so a queued message counts as unacknowledged again until the client acks it.
  const queued = state.offlineQueue.splice(0);
  for (const node of queued) ctx.deliver(account, node);
}

/**
 * Sends a history seed that is already in the world. Always sent once after the first login, even
 * empty: until Baileys 7 sees a history notification it holds every event for 20 s.
 */
export function sendHistory(ctx: SimContext, account: WorldAccount, seed: HistorySeed): void {
  const nodes = historyMessages(account, seed, ctx.historyChunkSize, (message) =>
    contentOf(ctx, account, message),
  );
  if (ctx.historyChunkDelayMs <= 0) {
    for (const node of nodes) ctx.deliver(account, node);
    return;
  }
  // Paced chunks let tests drop the socket mid-sync; undelivered chunks wait for the next login.
  nodes.forEach((node, i) => {
    setTimeout(() => ctx.deliver(account, node), i * ctx.historyChunkDelayMs).unref();
  });
}
