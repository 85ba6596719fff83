/**
 * @module Message stanzas for the client: the phone's self ("peer") messages and read-self receipts,
 * and messages from contacts (`<plaintext>` or real Signal). What the client sends is handled in
 * `client-messages.ts`.
 */
import type { ChatId } from "@wa/core";
import { type BinaryNode, proto } from "@whiskeysockets/baileys";
import { encryptToClient } from "../signal/contact-signal.ts";
import { newMessageId, nowSeconds } from "../world/ids.ts";
import { toWireJid } from "../world/jid.ts";
import { recordEdit, recordIncoming, recordRevoke } from "../world/ops.ts";
import type { WorldAccount } from "../world/types.ts";
import { contactOf } from "../world/world.ts";
import { deviceSignalOf } from "./prekeys.ts";
import { socketStateOf } from "./socket-state.ts";

const now = nowSeconds;

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
  const protocol = message.protocolMessage;
  const targetId = protocol?.key?.id ?? "";
  if (protocol?.type === proto.Message.ProtocolMessage.Type.MESSAGE_EDIT) {
    recordEdit(account, chatId, targetId, protocol.editedMessage?.conversation ?? undefined);
  } else if (protocol?.type === proto.Message.ProtocolMessage.Type.REVOKE) {
    recordRevoke(account, chatId, targetId);
  } else if (!protocol) {
    const text = message.conversation ?? undefined;
    recordIncoming(account, chatId, { ...options, id, text });
  }
  return incomingStanza(account, chatId, message, { ...options, id });
}

/** The stanza of a message a contact sends (already in the world's model). */
export async function incomingStanza(
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
  const { clientBundle } = socketStateOf(account);
  if (options.signal && (isGroup || !clientBundle)) {
    throw new Error("messages: Signal needs a 1:1 chat and a client that uploaded its pre-keys");
  }
  if (options.signal && clientBundle) {
    const device = deviceSignalOf(account, toWireJid(chatId));
    const { type, ciphertext } = await encryptToClient(
      device,
      clientAddress(account),
      clientBundle,
      bytes,
    );
    body = { tag: "enc", attrs: { v: "2", type }, content: ciphertext };
  } else {
    body = { tag: "plaintext", attrs: {}, content: bytes };
  }
  const wire = (body.tag === "enc" ? body.attrs.type : "plaintext") as WireKind;
  return { id, wire, node: { tag: "message", attrs, content: [body] } };
}

/** The Signal address simulated devices use for the client (one companion device per account). */
export function clientAddress(account: WorldAccount): string {
  return `${account.phone}_${account.deviceId}`;
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

/**
 * The stanza of a message the account's phone itself sent (already in the model): `fromMe` for the
 * client. `content` replaces the plain text (a media message).
 */
export function phoneSentStanza(
  account: WorldAccount,
  chatId: ChatId,
  message: { id: string; text?: string; timestamp: number },
  content: proto.IMessage = { conversation: message.text },
): BinaryNode {
  return {
    tag: "message",
    attrs: {
      id: message.id,
      from: `${account.phone}@s.whatsapp.net`,
      recipient: toWireJid(chatId),
      type: "text",
      t: String(message.timestamp),
    },
    content: [
      {
        tag: "plaintext",
        attrs: {},
        content: proto.Message.encode(content).finish(),
      },
    ],
  };
}

function targetKey(chatId: ChatId, targetId: string, participant?: ChatId): proto.IMessageKey {
  return {
    remoteJid: toWireJid(chatId),
    fromMe: false,
    id: targetId,
    participant: participant ? toWireJid(participant) : undefined,
  };
}

/** The protocol message of a contact editing its message `targetId`. */
export function contactEdit(
  chatId: ChatId,
  targetId: string,
  text: string,
  participant?: ChatId,
): proto.IMessage {
  return {
    protocolMessage: {
      type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
      key: targetKey(chatId, targetId, participant),
      editedMessage: { conversation: text },
      timestampMs: Date.now(),
    },
  };
}

/** The protocol message of a contact deleting its message `targetId` for everyone. */
export function contactRevoke(
  chatId: ChatId,
  targetId: string,
  participant?: ChatId,
): proto.IMessage {
  return {
    protocolMessage: {
      type: proto.Message.ProtocolMessage.Type.REVOKE,
      key: targetKey(chatId, targetId, participant),
    },
  };
}
