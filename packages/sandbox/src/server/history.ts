/**
 * @module History sync: the phone turns a {@link HistorySeed} into `HistorySync` protos (inline,
 * zlib-deflated, in chunks with progress) sent as self "peer" messages, which Baileys 7 emits as
 * `messaging-history.set`.
 */
import { deflateSync } from "node:zlib";
import type { HistorySeed, SeedChat, SeedMessage } from "@wa/core";
import { type BinaryNode, proto } from "@whiskeysockets/baileys";
import { lidForPhone, toWireJid } from "../world/jid.ts";
import { newestTimestamp, syncedAck } from "../world/ops.ts";
import type { WorldAccount } from "../world/types.ts";
import { peerMessage } from "./messages.ts";

/** The content of a seed message in the sync (media messages carry their uploaded file). */
export type SeedContent = (message: SeedMessage & { id: string }) => proto.IMessage;

/** A seed message as plain text (media need a host: see `sendHistory`). */
const textContent: SeedContent = (message) => ({ conversation: message.text });

function conversationOf(chat: SeedChat, contentOf: SeedContent): proto.IConversation {
  const jid = toWireJid(chat.id);
  // Seeds need not be in time order; a real phone reports the chat active at its newest message.
  const newest = newestTimestamp(chat.messages);
  return {
    id: jid,
    name: chat.name,
    archived: chat.archived ?? false,
    unreadCount: chat.unreadCount ?? 0,
    conversationTimestamp: newest,
    messages: chat.messages.map((m, i) => ({
      msgOrderId: i + 1,
      message: {
        key: {
          remoteJid: jid,
          fromMe: m.fromMe,
          id: m.id,
          participant: m.participant ? toWireJid(m.participant) : undefined,
        },
        message: contentOf({ ...m, id: m.id ?? "" }),
        messageTimestamp: m.timestamp,
        // Baileys' status is the ack plus one.
        status: syncedAck(m) + 1,
      },
    })),
  };
}

/**
 * The peer messages carrying a seed: chunks of at most `chunkSize` messages, INITIAL_BOOTSTRAP first,
 * the last one RECENT with progress 100 (Baileys' explicit "history complete").
 */
export function historyMessages(
  account: WorldAccount,
  seed: HistorySeed,
  chunkSize: number,
  contentOf: SeedContent = textContent,
): BinaryNode[] {
  const chunks: SeedChat[][] = [[]];
  let inChunk = 0;
  for (const chat of seed.chats) {
    // Split a chat's messages across chunks so that no chunk exceeds the size.
    for (let start = 0; start < Math.max(chat.messages.length, 1); start += chunkSize) {
      const part = { ...chat, messages: chat.messages.slice(start, start + chunkSize) };
      if (inChunk > 0 && inChunk + part.messages.length > chunkSize) {
        chunks.push([]);
        inChunk = 0;
      }
      chunks.at(-1)?.push(part);
      inChunk += part.messages.length;
    }
  }
  const pushnames = (seed.contacts ?? [])
    .filter((c) => c.pushName)
    .map((c) => ({ id: toWireJid(c.id), pushname: c.pushName }));
  const phoneNumberToLidMappings = [
    ...(seed.lidMappings ?? []).map((m) => ({ pnJid: toWireJid(m.pn), lidJid: m.lid })),
    ...[...account.contacts.values()]
      .filter((c) => c.lid === lidForPhone(c.phone))
      .map((c) => ({ pnJid: `${c.phone}@s.whatsapp.net`, lidJid: `${c.lid}@lid` })),
  ];
  const notification = (
    syncType: proto.HistorySync.HistorySyncType,
    history: Uint8Array,
    chunkOrder: number,
    progress?: number,
  ) =>
    peerMessage(account, {
      protocolMessage: {
        type: proto.Message.ProtocolMessage.Type.HISTORY_SYNC_NOTIFICATION,
        historySyncNotification: {
          syncType,
          chunkOrder,
          progress,
          initialHistBootstrapInlinePayload: deflateSync(history),
        },
      },
    });
  // Baileys reads push names only from a PUSH_NAME sync, never from the conversation chunks.
  const pushNameSync = pushnames.length
    ? [
        notification(
          proto.HistorySync.HistorySyncType.PUSH_NAME,
          proto.HistorySync.encode({
            syncType: proto.HistorySync.HistorySyncType.PUSH_NAME,
            pushnames,
          }).finish(),
          0,
        ),
      ]
    : [];
  const conversationSyncs = chunks.map((chats, index) => {
    const last = index === chunks.length - 1;
    const syncType = last
      ? proto.HistorySync.HistorySyncType.RECENT
      : proto.HistorySync.HistorySyncType.INITIAL_BOOTSTRAP;
    const progress = Math.round(((index + 1) / chunks.length) * 100);
    const history = proto.HistorySync.encode({
      syncType,
      conversations: chats.map((chat) => conversationOf(chat, contentOf)),
      phoneNumberToLidMappings: index === 0 ? phoneNumberToLidMappings : [],
      chunkOrder: index,
      progress,
    }).finish();
    return notification(syncType, history, index, progress);
  });
  return [...pushNameSync, ...conversationSyncs];
}
