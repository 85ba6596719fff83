/**
 * @module The socket transport's encoder: every world change for an account whose client is (or will
 * be) a Baileys socket becomes stanzas — messages, receipts, history syncs, app-state patches — or a
 * connection-level action (drop, unlink).
 */
import type { ChangeListener, WorldChange } from "../world/changes.ts";
import type { WorldAccount } from "../world/types.ts";
import { phoneMutation } from "./app-state.ts";
import type { SimContext } from "./context.ts";
import { sendHistory } from "./login.ts";
import { contentOf } from "./media/media-content.ts";
import {
  contactEdit,
  contactRevoke,
  incomingStanza,
  phoneSentStanza,
  readSelfReceipt,
} from "./messages.ts";

/** The listener the simulator subscribes to the world's change feed. */
export function socketTransport(ctx: SimContext): ChangeListener {
  return async (account, change) => {
    // Unpaired accounts are served too: their stanzas wait in the offline queue for the first login.
    if (account.transport && account.transport !== "socket") return undefined;
    return { wire: await encode(ctx, account, change) };
  };
}

// --- internal ---

async function encode(
  ctx: SimContext,
  account: WorldAccount,
  change: WorldChange,
): Promise<string | undefined> {
  switch (change.type) {
    case "message": {
      const { chatId, message } = change;
      const content = contentOf(ctx, account, message);
      if (message.fromMe) {
        ctx.deliver(account, phoneSentStanza(account, chatId, message, content));
        return undefined;
      }
      const { node, wire } = await incomingStanza(account, chatId, content, {
        ...message,
        signal: change.signal,
      });
      ctx.deliver(account, node);
      return wire;
    }
    case "edit":
    case "revoke": {
      const { chatId, targetId, participant, id } = change;
      const proto =
        change.type === "edit"
          ? contactEdit(chatId, targetId, change.text, participant)
          : contactRevoke(chatId, targetId, participant);
      const { node, wire } = await incomingStanza(account, chatId, proto, { id, participant });
      ctx.deliver(account, node);
      return wire;
    }
    case "read-self":
      ctx.deliver(account, readSelfReceipt(account, change.chatId, change.ids));
      return undefined;
    case "history":
      sendHistory(ctx, account, change.seed);
      return undefined;
    case "archive":
      ctx.deliver(
        account,
        await phoneMutation(account, change.chatId, { archive: change.archived, lastMessages: [] }),
      );
      return undefined;
    case "delete-chat":
      ctx.deliver(
        account,
        await phoneMutation(account, change.chatId, { delete: true, lastMessages: [] }),
      );
      return undefined;
    case "logout":
      for (const conn of ctx.connectionsOf(account)) {
        conn.send({
          tag: "stream:error",
          attrs: { code: "401" },
          content: [{ tag: "conflict", attrs: { type: "device_removed" } }],
        });
      }
      return undefined;
    case "drop":
      for (const conn of ctx.connectionsOf(account)) conn.drop();
      return undefined;
  }
}
