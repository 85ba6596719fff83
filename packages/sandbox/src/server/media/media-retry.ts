/**
 * @module Media re-upload: when a file's URL is gone (404/410) the client sends a `server-error`
 * receipt naming the message (`rmr`); the phone uploads the file again and the server answers with
 * a `mediaretry` notification holding the new `directPath`, sealed with the message's media key.
 */
import {
  type BinaryNode,
  getBinaryNodeChild,
  proto,
  S_WHATSAPP_NET,
} from "@whiskeysockets/baileys";
import type { ClientConnection } from "../connection.ts";
import type { SimContext } from "../context.ts";
import { encryptRetryNotification } from "./media-crypto.ts";

/** True for the client's media re-upload request. */
export function isMediaRetryReceipt(node: BinaryNode): boolean {
  return node.attrs.type === "server-error" && getBinaryNodeChild(node, "rmr") !== undefined;
}

/** The phone re-uploads the named message's file and tells the client where it now is. */
export function answerMediaRetry(ctx: SimContext, conn: ClientConnection, node: BinaryNode): void {
  const account = conn.account;
  const rmr = getBinaryNodeChild(node, "rmr");
  const id = node.attrs.id ?? "";
  if (!account || !rmr) return;
  const upload = ctx.media.reupload(account.sessionKey, id);
  const attrs = {
    id,
    type: "mediaretry",
    from: S_WHATSAPP_NET,
    t: String(Math.floor(Date.now() / 1000)),
  };
  const echo: BinaryNode = { tag: "rmr", attrs: { ...rmr.attrs } };
  if (!upload) {
    // Baileys maps code 2 (NOT_FOUND) to a 404 error of the download.
    conn.send({
      tag: "notification",
      attrs,
      content: [echo, { tag: "error", attrs: { code: "2" } }],
    });
    return;
  }
  const result = proto.MediaRetryNotification.encode({
    stanzaId: id,
    directPath: upload.directPath,
    result: proto.MediaRetryNotification.ResultType.SUCCESS,
  }).finish();
  const sealed = encryptRetryNotification(result, upload.encrypted.mediaKey, id);
  const encrypt: BinaryNode = {
    tag: "encrypt",
    attrs: {},
    content: [
      { tag: "enc_p", attrs: {}, content: sealed.ciphertext },
      { tag: "enc_iv", attrs: {}, content: sealed.iv },
    ],
  };
  conn.send({ tag: "notification", attrs, content: [echo, encrypt] });
}
