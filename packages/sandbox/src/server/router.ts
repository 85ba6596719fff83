/** @module Routes every node a logged-in (or pairing) client sends to its handler. */
import {
  type BinaryNode,
  getBinaryNodeChild,
  getBinaryNodeChildren,
} from "@whiskeysockets/baileys";
import { handleClientMessage, handleClientReceipt } from "./client-messages.ts";
import type { ClientConnection } from "./connection.ts";
import type { SimContext } from "./context.ts";
import { handleIq } from "./iq.ts";
import { onClientReady } from "./login.ts";
import { answerMediaRetry, isMediaRetryReceipt } from "./media/media-retry.ts";
import { socketStateOf } from "./socket-state.ts";

/** The client confirmed stanzas (ack or receipt): they need no redelivery. */
function acknowledge(conn: ClientConnection, node: BinaryNode): void {
  if (!conn.account) return;
  const { unacked } = socketStateOf(conn.account);
  unacked.delete(node.attrs.id ?? "");
  for (const item of getBinaryNodeChildren(getBinaryNodeChild(node, "list"), "item")) {
    unacked.delete(item.attrs.id ?? "");
  }
}

/** Handles one client node. */
export async function routeNode(
  ctx: SimContext,
  conn: ClientConnection,
  node: BinaryNode,
): Promise<void> {
  switch (node.tag) {
    case "iq": {
      if (node.attrs.type !== "get" && node.attrs.type !== "set") return;
      if (conn.account && socketStateOf(conn.account).droppedIqs.has(node.attrs.xmlns ?? ""))
        return;
      await handleIq(ctx, conn, node);
      if (node.attrs.xmlns === "passive" && getBinaryNodeChild(node, "active"))
        onClientReady(ctx, conn);
      if (
        node.attrs.xmlns === "md" &&
        getBinaryNodeChild(node, "remove-companion-device") &&
        conn.account
      ) {
        conn.account.paired = false;
      }
      return;
    }
    case "message":
      await handleClientMessage(ctx, conn, node);
      return;
    case "receipt":
      if (isMediaRetryReceipt(node)) return answerMediaRetry(ctx, conn, node);
      acknowledge(conn, node);
      handleClientReceipt(conn.account, node);
      return;
    case "ack":
      acknowledge(conn, node);
      return;
    default:
      // acks, presence, ib unified_session, chatstate: nothing to answer.
      return;
  }
}
