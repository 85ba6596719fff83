/**
 * @module Message stanzas both ways: the phone's self ("peer") messages, messages from contacts
 * (`<plaintext>` or real Signal), and the client's outgoing messages, decrypted by the simulated
 * recipients, recorded in the world, acked and answered with delayed delivery/read receipts.
 */
import { randomBytes } from "node:crypto";
import type { ChatId } from "@wa/core";
import type { SentRecord } from "@wa/engine-testkit";
import {
  type BinaryNode,
  getBinaryNodeChild,
  getBinaryNodeChildren,
  proto,
} from "@whiskeysockets/baileys";
import { decryptFromClient, encryptToClient } from "../signal/contact-signal.ts";
import { toChatId, toWireJid, userOf } from "../world/jid.ts";
import type { WorldAccount } from "../world/types.ts";
import { chatOf, contactOf } from "../world/world.ts";
import type { ClientConnection } from "./connection.ts";
import { liveConnection, type SimContext } from "./context.ts";
import { deviceSignalOf } from "./prekeys.ts";

/** A WhatsApp-looking message id. */
export function newMessageId(): string {
  return `3EB0${randomBytes(8).toString("hex").toUpperCase()}`;
}

const now = () => Math.floor(Date.now() / 1000);

/** A self message from the account's phone (history sync, key share): `fromMe` for the client. */
export function peerMessage(account: WorldAccount, message: proto.IMessage): BinaryNode {
  const me = `${account.phone}@s.whatsapp.net`;
  return {
    tag: "message",
    attrs: {
      id: newMessageId(),
      from: me,
      recipient: me,
      category: "peer",
      type: "text",
      t: String(now()),
    },
    content: [{ tag: "plaintext", attrs: {}, content: proto.Message.encode(message).finish() }],
  };
}

/** Options of {@link incomingMessage}. */
export interface IncomingOptions {
  /** Group sender (`@c.us`), required for group chats. */
  participant?: ChatId;
  /** Encrypt with Signal (pkmsg/msg) instead of sending `<plaintext>`; 1:1 chats only. */
  signal?: boolean;
  id?: string;
  timestamp?: number;
}

/** How a contact's message travelled: unencrypted, or as a Signal pre-key / normal message. */
export type WireKind = "plaintext" | "pkmsg" | "msg";

/** Builds the stanza of a message a contact sends to the account, and records it in the world. */
export async function incomingMessage(
  account: WorldAccount,
  chatId: ChatId,
  message: proto.IMessage,
  options: IncomingOptions = {},
): Promise<{ id: string; node: BinaryNode; wire: WireKind }> {
  const id = options.id ?? newMessageId();
  const t = options.timestamp ?? now();
  const isGroup = chatId.endsWith("@g.us");
  const senderId = isGroup ? options.participant : chatId;
  if (!senderId) throw new Error("messages: a group message needs a participant");
  const sender = contactOf(account, senderId);
  const attrs: Record<string, string> = {
    id,
    from: toWireJid(chatId),
    t: String(t),
    type: "text",
    notify: sender.pushName ?? sender.name ?? sender.phone,
  };
  if (isGroup) attrs.participant = toWireJid(senderId);
  let body: BinaryNode;
  const bytes = proto.Message.encode(message).finish();
  if (options.signal && (isGroup || !account.clientBundle)) {
    throw new Error("messages: Signal needs a 1:1 chat and a client that uploaded its pre-keys");
  }
  if (options.signal && account.clientBundle) {
    const device = deviceSignalOf(account, toWireJid(chatId));
    const { type, ciphertext } = await encryptToClient(
      device,
      clientAddress(account),
      account.clientBundle,
      bytes,
    );
    body = { tag: "enc", attrs: { v: "2", type }, content: ciphertext };
  } else {
    body = { tag: "plaintext", attrs: {}, content: bytes };
  }
  const chat = chatOf(account, chatId);
  chat.state.deleted = false;
  chat.messages.push({
    id,
    fromMe: false,
    text: message.conversation ?? undefined,
    timestamp: t,
    participant: options.participant,
  });
  const wire = (body.tag === "enc" ? body.attrs.type : "plaintext") as WireKind;
  return { id, wire, node: { tag: "message", attrs, content: [body] } };
}

/** The Signal address simulated devices use for the client (one companion device per account). */
function clientAddress(account: WorldAccount): string {
  return `${account.phone}_${account.deviceId}`;
}

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

function applyRecord(account: WorldAccount, record: SentRecord, t: number): void {
  const chat = chatOf(account, record.chatId);
  chat.state.deleted = false;
  const target = chat.messages.find((m) => m.id === record.targetId);
  switch (record.kind) {
    case "text":
      chat.messages.push({ id: record.id, fromMe: true, text: record.text, timestamp: t });
      break;
    case "edit":
      if (target) target.editedText = record.text;
      break;
    case "revoke":
      if (target) target.revoked = true;
      break;
    case "pin":
    case "unpin":
      if (target) target.pinned = record.kind === "pin";
      break;
    default:
      break;
  }
}

/** The world chat id of a JID the client used (LIDs of known contacts map back to phone chats). */
export function chatIdOfJid(account: WorldAccount, jid: string): ChatId {
  if (jid.endsWith("@lid")) {
    const user = userOf(jid);
    if (user === account.lid) return `${account.phone}@c.us`;
    const contact = [...account.contacts.values()].find((c) => c.lid === user);
    if (contact) return `${contact.phone}@c.us`;
  }
  return toChatId(jid);
}

/** Handles a `<message>` the client sent: ack, decrypt for each simulated recipient, record, receipts. */
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
  const chatId = chatIdOfJid(account, to);
  const envelopes = getBinaryNodeChildren(getBinaryNodeChild(node, "participants"), "to");
  const direct = getBinaryNodeChild(node, "enc");
  const targets = direct
    ? [{ jid: to, enc: direct }]
    : envelopes.map((t) => ({ jid: t.attrs.jid ?? "", enc: getBinaryNodeChild(t, "enc") }));
  let message: proto.IMessage | undefined;
  for (const { jid, enc } of targets) {
    if (!enc || enc.attrs.type === "skmsg") continue;
    const isOwn = userOf(jid) === account.phone || userOf(jid) === account.lid;
    try {
      const plain = await decryptFromClient(
        deviceSignalOf(account, jid),
        clientAddress(account),
        enc.attrs.type ?? "msg",
        enc.content as Uint8Array,
      );
      const decoded = proto.Message.decode(plain);
      if (!isOwn) message = decoded;
      else message ??= decoded.deviceSentMessage?.message ?? undefined;
    } catch (err) {
      ctx.logger.warn({ err, jid, id }, "simulated device could not decrypt a client message");
    }
  }
  if (!message || node.attrs.category === "peer") return;
  const record = recordOf(chatId, id, message);
  if (!record) return;
  account.sent.push(record);
  applyRecord(account, record, Number(node.attrs.t ?? now()));
  if (record.kind === "text" && !chatId.endsWith("@g.us")) scheduleReceipts(ctx, account, id, to);
}

/** Delivery, then read, receipts from the recipient, after a delay (see the research note on merging). */
function scheduleReceipts(ctx: SimContext, account: WorldAccount, id: string, from: string): void {
  const send = (type?: string) => {
    const conn = liveConnection(ctx, account);
    const attrs: Record<string, string> = { id, from, t: String(now()) };
    if (type) attrs.type = type;
    conn?.send({ tag: "receipt", attrs });
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
    account.sent.push({ kind: "read", chatId, id, targetId: id });
}

/** The phone read incoming messages: the `read-self` receipt other devices of the account get. */
export function readSelfReceipt(account: WorldAccount, chatId: ChatId, ids: string[]): BinaryNode {
  const [first, ...rest] = ids;
  return {
    tag: "receipt",
    attrs: {
      id: first ?? "",
      from: `${account.phone}@s.whatsapp.net`,
      recipient: toWireJid(chatId),
      type: "read-self",
      t: String(now()),
    },
    content: rest.length
      ? [{ tag: "list", attrs: {}, content: rest.map((id) => ({ tag: "item", attrs: { id } })) }]
      : undefined,
  };
}
