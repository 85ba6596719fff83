/**
 * @module What the client sends: its messages, decrypted by the simulated recipients (Signal sessions
 * and group sender keys), recorded in the world, acked and answered with delayed delivery/read
 * receipts; and its read receipts.
 */
import type { ChatId, SentRecord } from "@wa/core";
import {
  type BinaryNode,
  getBinaryNodeChild,
  getBinaryNodeChildren,
  proto,
} from "@whiskeysockets/baileys";
import { decryptFromClient } from "../signal/contact-signal.ts";
import { acceptSenderKey, decryptGroupMessage } from "../signal/group-keys.ts";
import { toChatId, toWireJid, userOf } from "../world/jid.ts";
import { recordClientAction } from "../world/ops.ts";
import type { WorldAccount } from "../world/types.ts";
import { chatIdOfJid, groupOf } from "../world/world.ts";
import type { ClientConnection } from "./connection.ts";
import { liveConnection, type SimContext } from "./context.ts";
import { clientAddress } from "./messages.ts";
import { deviceSignalOf } from "./prekeys.ts";

const now = () => Math.floor(Date.now() / 1000);

function textOf(message: proto.IMessage | null | undefined): string | undefined {
  return message?.conversation ?? message?.extendedTextMessage?.text ?? undefined;
}

/** Classifies a decrypted client message into the world's record of what was sent. */
export function recordOf(
  chatId: ChatId,
  id: string,
  message: proto.IMessage,
): SentRecord | undefined {
  const protocol = message.protocolMessage;
  if (protocol?.type === proto.Message.ProtocolMessage.Type.REVOKE) {
    return { kind: "revoke", chatId, id, targetId: protocol.key?.id ?? undefined };
  }
  if (protocol?.type === proto.Message.ProtocolMessage.Type.MESSAGE_EDIT) {
    return {
      kind: "edit",
      chatId,
      id,
      targetId: protocol.key?.id ?? undefined,
      text: textOf(protocol.editedMessage),
    };
  }
  const pin = message.pinInChatMessage;
  if (pin) {
    const kind = pin.type === proto.Message.PinInChatMessage.Type.UNPIN_FOR_ALL ? "unpin" : "pin";
    return { kind, chatId, id, targetId: pin.key?.id ?? undefined };
  }
  const text = textOf(message);
  return text === undefined ? undefined : { kind: "text", chatId, id, text };
}

/** Decrypts what the client sent (per-device envelopes, and a group `skmsg`) into one message. */
async function decryptClientMessage(
  ctx: SimContext,
  account: WorldAccount,
  node: BinaryNode,
): Promise<proto.IMessage | undefined> {
  const to = node.attrs.to ?? "";
  let message: proto.IMessage | undefined;
  const envelopes = getBinaryNodeChildren(getBinaryNodeChild(node, "participants"), "to").map(
    (t) => ({
      jid: t.attrs.jid ?? "",
      enc: getBinaryNodeChild(t, "enc"),
    }),
  );
  const direct = getBinaryNodeChild(node, "enc");
  if (direct && direct.attrs.type !== "skmsg") envelopes.push({ jid: to, enc: direct });
  for (const { jid, enc } of envelopes) {
    if (!enc) continue;
    const isOwn = userOf(jid) === account.phone || userOf(jid) === account.lid;
    try {
      const plain = await decryptFromClient(
        deviceSignalOf(account, jid),
        clientAddress(account),
        enc.attrs.type ?? "msg",
        enc.content as Uint8Array,
      );
      const decoded = proto.Message.decode(plain);
      const skdm = decoded.senderKeyDistributionMessage;
      if (skdm?.groupId && skdm.axolotlSenderKeyDistributionMessage) {
        await acceptSenderKey(account, skdm.groupId, skdm.axolotlSenderKeyDistributionMessage);
      } else if (!isOwn) message = decoded;
      else message ??= decoded.deviceSentMessage?.message ?? undefined;
    } catch (err) {
      ctx.logger.warn(
        { err, jid, id: node.attrs.id },
        "simulated device could not decrypt a client message",
      );
    }
  }
  if (direct?.attrs.type === "skmsg") {
    try {
      message = proto.Message.decode(
        await decryptGroupMessage(account, to, direct.content as Uint8Array),
      );
    } catch (err) {
      ctx.logger.warn(
        { err, to, id: node.attrs.id },
        "simulated group members could not decrypt a client skmsg",
      );
    }
  }
  return message;
}

/** Handles a `<message>` the client sent: ack, decrypt as the simulated recipients, record, receipts. */
export async function handleClientMessage(
  ctx: SimContext,
  conn: ClientConnection,
  node: BinaryNode,
): Promise<void> {
  const account = conn.account;
  const id = node.attrs.id ?? "";
  const to = node.attrs.to ?? "";
  conn.send({ tag: "ack", attrs: { class: "message", id, from: to, t: String(now()) } });
  if (!account) return;
  const message = await decryptClientMessage(ctx, account, node);
  if (!message || node.attrs.category === "peer") return;
  const chatId = chatIdOfJid(account, to);
  const record = recordOf(chatId, id, message);
  if (!record) return;
  recordClientAction(account, record, Number(node.attrs.t ?? now()));
  if (record.kind === "text") scheduleReceipts(ctx, account, id, to);
}

/**
 * Delivery, then read, receipts from the recipient (every member, in a group), after a delay: receipts
 * that arrive while Baileys still buffers the send are merged into `messages.upsert`.
 */
function scheduleReceipts(ctx: SimContext, account: WorldAccount, id: string, to: string): void {
  const members = to.endsWith("@g.us")
    ? groupOf(account, toChatId(to)).participants.map(toWireJid)
    : [undefined];
  const send = (type?: string) => {
    const conn = liveConnection(ctx, account);
    for (const participant of members) {
      const attrs: Record<string, string> = { id, from: to, t: String(now()) };
      if (participant) attrs.participant = participant;
      if (type) attrs.type = type;
      conn?.send({ tag: "receipt", attrs });
    }
  };
  setTimeout(() => send(), ctx.receiptDelayMs).unref();
  setTimeout(() => send("read"), ctx.receiptDelayMs * 2).unref();
}

/** Records the client's read receipts (`readMessages`). */
export function handleClientReceipt(account: WorldAccount | undefined, node: BinaryNode): void {
  if (!account || (node.attrs.type !== "read" && node.attrs.type !== "read-self")) return;
  const chatId = chatIdOfJid(account, node.attrs.to ?? "");
  const ids = [
    node.attrs.id ?? "",
    ...getBinaryNodeChildren(getBinaryNodeChild(node, "list"), "item").map((i) => i.attrs.id ?? ""),
  ];
  for (const id of ids.filter(Boolean))
    recordClientAction(account, { kind: "read", chatId, id, targetId: id });
}
