/** @module Routes every node a logged-in (or pairing) client sends to its handler. */
import { type BinaryNode, getBinaryNodeChild } from "@whiskeysockets/baileys";
import type { ClientConnection } from "./connection.ts";
import type { SimContext } from "./context.ts";
import { handleIq } from "./iq.ts";
import { onClientReady } from "./login.ts";
import { handleClientMessage, handleClientReceipt } from "./messages.ts";

/** Handles one client node. */
export async function routeNode(
  ctx: SimContext,
  conn: ClientConnection,
  node: BinaryNode,
): Promise<void> {
  switch (node.tag) {
    case "iq": {
      if (node.attrs.type !== "get" && node.attrs.type !== "set") return;
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
      handleClientReceipt(conn.account, node);
      return;
    default:
      // acks, presence, ib unified_session, chatstate: nothing to answer.
      return;
  }
}
