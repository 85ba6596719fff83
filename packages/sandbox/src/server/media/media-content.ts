/**
 * @module The socket transport's content of a world message: its text, or, when it carries a file,
 * the media message of that file uploaded to the media host (once per message id, so history
 * re-syncs and redeliveries name the same file).
 */
import type { SeedMedia } from "@wa/core";
import type { proto } from "@whiskeysockets/baileys";
import type { WorldAccount } from "../../world/types.ts";
import type { SimContext } from "../context.ts";
import { mediaMessage } from "./media-message.ts";

/** The `proto.Message` a world (or seed) message travels as. */
export function contentOf(
  ctx: SimContext,
  account: WorldAccount,
  message: { id: string; text?: string; media?: SeedMedia },
): proto.IMessage {
  if (!message.media) return { conversation: message.text };
  const upload =
    ctx.media.uploadOf(account.sessionKey, message.id) ??
    ctx.media.upload(account.sessionKey, message.id, message.media);
  return mediaMessage(upload, ctx.media.host, message.text);
}
