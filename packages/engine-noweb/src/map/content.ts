/**
 * @module Baileys message content: unwrapping (ephemeral, view-once, edited, ...), the content type,
 * our `MessageKind`, the body text and the quoted context. Mirrors Baileys' `normalizeMessageContent`,
 * `getContentType` and `isRealMessage` so the mappers stay pure (no Baileys import at runtime).
 */

import type { MessageKind } from "@wa/core";
import type { proto } from "@whiskeysockets/baileys";

/** A message's content, as a protobuf instance or its JSON. */
export type Content = proto.IMessage;

/** Protocol message types we give their own kind (`proto.Message.ProtocolMessage.Type`). */
export const PROTOCOL_REVOKE = 0;
export const PROTOCOL_MESSAGE_EDIT = 14;

const WRAPPERS = [
  "ephemeralMessage",
  "viewOnceMessage",
  "documentWithCaptionMessage",
  "viewOnceMessageV2",
  "viewOnceMessageV2Extension",
  "editedMessage",
  "associatedChildMessage",
  "groupStatusMessage",
  "groupStatusMessageV2",
] as const;

const KIND_BY_TYPE: Record<string, MessageKind> = {
  conversation: "text",
  extendedTextMessage: "text",
  imageMessage: "media",
  videoMessage: "media",
  audioMessage: "media",
  documentMessage: "media",
  stickerMessage: "media",
  ptvMessage: "media",
  locationMessage: "location",
  liveLocationMessage: "location",
  contactMessage: "contact",
  contactsArrayMessage: "contact",
  pollCreationMessage: "poll",
  pollCreationMessageV2: "poll",
  pollCreationMessageV3: "poll",
  pollCreationMessageV5: "poll",
  pollUpdateMessage: "poll-vote",
  reactionMessage: "reaction",
};

/** The content types that carry a downloadable attachment (WAHA's `hasMedia`). */
export const MEDIA_TYPES = new Set(
  Object.keys(KIND_BY_TYPE).filter((type) => KIND_BY_TYPE[type] === "media"),
);

/** Unwraps ephemeral / view-once / edited wrappers (at most 5 levels, as Baileys). */
export function normalizeContent(content: Content | null | undefined): Content | undefined {
  let current = content ?? undefined;
  for (let depth = 0; depth < 5 && current; depth++) {
    const wrapper = WRAPPERS.map((name) => current?.[name]).find(Boolean) as
      | { message?: Content | null }
      | undefined;
    if (!wrapper) break;
    current = wrapper.message ?? undefined;
  }
  return current;
}

/** The first content field (`conversation` or `*Message`), as Baileys' `getContentType`. */
export function contentType(content: Content | undefined): string | undefined {
  if (!content) return undefined;
  return Object.keys(content).find(
    (key) =>
      (key === "conversation" || key.includes("Message")) &&
      key !== "senderKeyDistributionMessage" &&
      (content as Record<string, unknown>)[key] !== null &&
      (content as Record<string, unknown>)[key] !== undefined,
  );
}

/**
 * Our kind of a message, or null when it has no content at all (stubs, undecryptable
 * placeholders): such messages are never stored, exactly like Baileys' `isRealMessage`.
 */
export function classifyContent(message: Content | null | undefined): MessageKind | null {
  const content = normalizeContent(message);
  const type = contentType(content);
  if (!content || !type) return null;
  if (type === "protocolMessage") {
    const protocolType = content.protocolMessage?.type ?? PROTOCOL_REVOKE;
    if (protocolType === PROTOCOL_REVOKE) return "revoke";
    if (protocolType === PROTOCOL_MESSAGE_EDIT) return "edit";
    return "protocol";
  }
  return KIND_BY_TYPE[type] ?? "other";
}

/**
 * The text WAHA puts in `body`: text, extended text, a media caption, the edited text, or a
 * button / list / template reply; null when there is none.
 */
export function extractBody(message: Content | null | undefined): string | null {
  const content = normalizeContent(message);
  if (!content) return null;
  const edited = content.protocolMessage?.editedMessage;
  if (edited) return extractBody(edited);
  const text =
    content.conversation ??
    content.extendedTextMessage?.text ??
    content.imageMessage?.caption ??
    content.videoMessage?.caption ??
    content.documentMessage?.caption ??
    content.buttonsResponseMessage?.selectedDisplayText ??
    content.listResponseMessage?.title ??
    content.templateButtonReplyMessage?.selectedDisplayText;
  return typeof text === "string" ? text : null;
}

/** The `contextInfo` of the main content (quote, mentions), when there is one. */
export function extractContextInfo(
  message: Content | null | undefined,
): proto.IContextInfo | undefined {
  const content = normalizeContent(message);
  const type = contentType(content);
  if (!content || !type || type === "conversation") return undefined;
  const inner = (content as Record<string, unknown>)[type] as
    | { contextInfo?: proto.IContextInfo | null }
    | undefined;
  return inner?.contextInfo ?? undefined;
}
