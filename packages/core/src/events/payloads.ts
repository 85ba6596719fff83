/**
 * @module The payloads of the emitted events (waha-compat §6.3), built from what the store holds,
 * so an event says exactly what a client can read back. `message` / `message.any` carry the stored
 * WAMessage JSON as it is (not built here).
 */
import { ackName } from "../domain/ack.ts";
import type { ChatArchiveEvent } from "../domain/event.ts";
import { isGroupChat } from "../domain/jid.ts";
import type { WAMessage, WAReaction } from "../domain/message.ts";
import { buildMessageId, type MessageKey } from "../domain/message-id.ts";
import type { SessionStatus } from "../domain/session.ts";

/** How many recent statuses a `session.status` payload lists (WAHA: 3). */
export const STATUS_HISTORY = 3;

/** One point of a session's status history. */
export interface StatusPoint {
  status: SessionStatus;
  /** ms */
  timestamp: number;
}

/** `session.status`: the new status and the last {@link STATUS_HISTORY} statuses, oldest first. */
export interface SessionStatusPayload {
  name: string;
  status: SessionStatus;
  statuses: StatusPoint[];
}

/** `message.ack` (WAHA's `WAMessageAckBody`). */
export interface MessageAckPayload {
  id: string;
  from: string;
  to?: string;
  participant?: string;
  fromMe: boolean;
  ack: number;
  ackName: string;
}

/** `message.reaction` (WAHA's `WAMessageReaction`). */
export interface MessageReactionPayload {
  id: string;
  timestamp: number;
  from: string;
  fromMe: boolean;
  source: "api" | "app";
  participant?: string;
  reaction: { text: string; messageId: string };
}

/** `message.revoked`: the message as it was (`before`), and the revoke message when known. */
export interface MessageRevokedPayload {
  after: WAMessage | null;
  before: WAMessage | null;
  revokedMessageId: string;
}

/** `message.edited`: the edited message with its new `body`, and the bare id it edits. */
export type MessageEditedPayload = WAMessage & { editedMessageId: string };

/** `chat.archive` (WAHA's `ChatArchiveEvent`). */
export interface ChatArchivePayload {
  id: string;
  archived: boolean;
  /** Unix seconds. */
  timestamp: number;
}

/** The `session.status` payload, with the new point appended to the previous history. */
export function sessionStatusPayload(
  name: string,
  status: SessionStatus,
  timestamp: number,
  previous: readonly StatusPoint[],
): SessionStatusPayload {
  const statuses = [...previous, { status, timestamp }].slice(-STATUS_HISTORY);
  return { name, status, statuses };
}

/** The `message.ack` payload of a stored message whose ack rose to `ack`. */
export function messageAckPayload(message: WAMessage, ack: number): MessageAckPayload {
  const payload: MessageAckPayload = {
    id: message.id,
    from: message.from,
    fromMe: message.fromMe,
    ack,
    ackName: ackName(ack),
  };
  if (message.to !== undefined) payload.to = message.to;
  if (message.participant !== undefined) payload.participant = message.participant;
  return payload;
}

/**
 * The `message.reaction` payload. `from` is the chat (as NOWEB's WAMessage); in a group the
 * reacting member is the `participant`.
 */
export function messageReactionPayload(
  target: MessageKey,
  reaction: WAReaction,
): MessageReactionPayload {
  const payload: MessageReactionPayload = {
    id: reaction.id ?? "",
    timestamp: reaction.timestamp,
    from: target.chatId,
    fromMe: reaction.fromMe,
    source: "app",
    reaction: { text: reaction.text, messageId: buildMessageId(target) },
  };
  if (isGroupChat(target.chatId)) payload.participant = reaction.from;
  return payload;
}

/** The `message.revoked` payload. */
export function messageRevokedPayload(
  revoked: MessageKey,
  before: WAMessage | null,
  after: WAMessage | null = null,
): MessageRevokedPayload {
  return { after, before, revokedMessageId: revoked.id };
}

/** The `message.edited` payload: the stored message with the new body. */
export function messageEditedPayload(
  message: WAMessage,
  key: MessageKey,
  body: string,
): MessageEditedPayload {
  return { ...message, body, editedMessageId: key.id };
}

/** The `chat.archive` payload. */
export function chatArchivePayload(event: ChatArchiveEvent): ChatArchivePayload {
  return { id: event.chatId, archived: event.archived, timestamp: event.timestamp };
}
