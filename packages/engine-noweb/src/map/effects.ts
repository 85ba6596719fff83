/**
 * @module Messages that act on other messages (reactions, edits, revokes) → their own domain events,
 * plus a stable "effect id" per event so the same effect seen twice (Baileys emits it both as a raw
 * `messages.upsert` and as `messages.reaction` / `messages.update`) is emitted once.
 */

import type {
  MessageEditEvent,
  MessageReactionEvent,
  MessageRevokeEvent,
  WAReaction,
} from "@wa/core";
import type { WAMessage as BaileysMessage, proto, WAMessageKey } from "@whiskeysockets/baileys";

import {
  extractBody,
  normalizeContent,
  PROTOCOL_MESSAGE_EDIT,
  PROTOCOL_REVOKE,
} from "./content.ts";
import { messageAuthor, toMessageKey } from "./message.ts";
import { toNumber } from "./raw.ts";

/** An event that changes another message. */
export type EffectEvent = MessageReactionEvent | MessageEditEvent | MessageRevokeEvent;

/**
 * The effect of a reaction / edit / revoke message, or null for any other message. The target key
 * follows Baileys: a reaction's key is already in our perspective (Baileys' `cleanMessage`); an edit
 * or revoke targets the editor's own message, so its key is the outer key with the target id.
 */
export function toEffectEvent(raw: BaileysMessage, meId?: string): EffectEvent | null {
  const content = normalizeContent(raw.message);
  const outer = toMessageKey(raw.key);
  if (!content || !outer) return null;
  const timestamp = toNumber(raw.messageTimestamp) ?? 0;
  if (content.reactionMessage) {
    return reactionEvent(
      { ...content.reactionMessage, key: raw.key },
      content.reactionMessage.key,
      meId,
      raw.key.remoteJid,
    );
  }
  const protocol = content.protocolMessage;
  if (!protocol?.key?.id) return null;
  const target = { ...outer, id: protocol.key.id };
  const type = protocol.type ?? PROTOCOL_REVOKE;
  if (type === PROTOCOL_REVOKE) return { type: "message.revoke", key: target, timestamp };
  if (type === PROTOCOL_MESSAGE_EDIT && protocol.editedMessage) {
    const editedAt = toNumber(protocol.timestampMs);
    return {
      type: "message.edit",
      key: target,
      body: extractBody(protocol.editedMessage) ?? "",
      timestamp: editedAt ? Math.floor(editedAt / 1000) : timestamp,
    };
  }
  return null;
}

/**
 * A Baileys `messages.reaction` item (reaction.key = the reaction message's own key, key = the
 * target) → `message.reaction`; null when the target is unusable.
 */
export function reactionEvent(
  reaction: proto.IReaction,
  targetKey: WAMessageKey | proto.IMessageKey | null | undefined,
  meId?: string,
  chatJid?: string | null,
): MessageReactionEvent | null {
  const target = toMessageKey(
    targetKey && !targetKey.remoteJid && chatJid ? { ...targetKey, remoteJid: chatJid } : targetKey,
  );
  const sender = toMessageKey(reaction.key ?? null);
  if (!target) return null;
  const senderKey = sender ?? { fromMe: false, chatId: target.chatId, id: "" };
  const result: WAReaction = {
    from: messageAuthor(senderKey, meId),
    fromMe: senderKey.fromMe,
    text: reaction.text ?? "",
    timestamp: Math.floor((toNumber(reaction.senderTimestampMs) ?? 0) / 1000),
  };
  if (sender?.id) result.id = sender.id;
  return { type: "message.reaction", target, reaction: result };
}

/** A stable id for an effect, to drop the second sighting of the same effect. */
export function effectId(event: EffectEvent): string {
  switch (event.type) {
    case "message.reaction":
      return `reaction:${event.reaction.id ?? `${event.target.id}:${event.reaction.from}:${event.reaction.timestamp}`}`;
    case "message.edit":
      return `edit:${event.key.chatId}:${event.key.id}:${event.timestamp}`;
    case "message.revoke":
      return `revoke:${event.key.chatId}:${event.key.id}`;
  }
}
