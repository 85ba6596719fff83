/** @module Test data for the store contract: builders and a deterministic mixed "world" of one account. */
import {
  ackName,
  type Chat,
  type Contact,
  type HistoryBatchEvent,
  type LidMapping,
  type MessageKind,
  type StoredMessage,
} from "@wa/core";

/** A chat with sensible defaults. */
export function chat(
  id: string,
  conversationTimestamp: number | null,
  extra: Partial<Chat> = {},
): Chat {
  return {
    id,
    name: null,
    conversationTimestamp,
    unreadCount: 0,
    archived: false,
    pinned: false,
    raw: { id, conversationTimestamp },
    ...extra,
  };
}

/** Options of {@link message}. */
export interface MessageOptions {
  fromMe?: boolean;
  ack?: number;
  kind?: MessageKind;
  participant?: string;
  body?: string;
}

/** A stored message whose WAMessage agrees with its columns. */
export function message(
  chatId: string,
  id: string,
  timestamp: number,
  options: MessageOptions = {},
): StoredMessage {
  const fromMe = options.fromMe ?? false;
  const ack = options.ack ?? (fromMe ? 2 : 3);
  const serialized = `${fromMe}_${chatId}_${id}${options.participant ? `_${options.participant}` : ""}`;
  const key: StoredMessage["key"] = { fromMe, chatId, id };
  if (options.participant) key.participant = options.participant;
  return {
    key,
    timestamp,
    ack,
    kind: options.kind ?? "text",
    message: {
      id: serialized,
      timestamp,
      from: fromMe ? "100@c.us" : (options.participant ?? chatId),
      fromMe,
      source: "app",
      body: options.body ?? `body of ${id}`,
      hasMedia: false,
      media: null,
      ack,
      ackName: ackName(ack),
      location: null,
      vCards: null,
      replyTo: null,
      _data: { key: { id, fromMe }, messageTimestamp: timestamp },
    },
  };
}

/** The key of a message (incoming unless `fromMe`). */
export const messageKey = (chatId: string, id: string, fromMe = false): StoredMessage["key"] => ({
  fromMe,
  chatId,
  id,
});

/** A message query that lists every message, oldest first, as stored. */
export const ALL_MESSAGES = {
  limit: 0,
  offset: 0,
  sortOrder: "asc",
  merge: false,
  filter: {},
  downloadMedia: false,
} as const;

/** A history batch of the given rows. */
export function history(parts: Partial<Omit<HistoryBatchEvent, "type">>): HistoryBatchEvent {
  return {
    type: "history.batch",
    chats: parts.chats ?? [],
    messages: parts.messages ?? [],
    contacts: parts.contacts ?? [],
    lidMappings: parts.lidMappings ?? [],
  };
}

/** A deterministic mixed world: PN, LID, group, broadcast, newsletter and inactive chats. */
export interface World {
  chats: Chat[];
  messages: StoredMessage[];
  contacts: Contact[];
  lidMappings: LidMapping[];
}

/** Builds the world from a seed (same seed → same world). */
export function buildWorld(seed = 1): World {
  let state = seed * 7919 + 17;
  const random = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const kinds: MessageKind[] = ["text", "text", "text", "media", "reaction", "protocol", "edit"];
  const chats: Chat[] = [];
  const lidMappings: LidMapping[] = [];
  const contacts: Contact[] = [];
  for (let n = 0; n < 24; n++) {
    const pn = `4915${String(n).padStart(4, "0")}@c.us`;
    const timestamp = random(5) === 0 ? null : 1_000 + random(40) * 10;
    const name = random(3) === 0 ? null : `Chat ${String.fromCharCode(65 + random(20))}${n}`;
    chats.push(chat(pn, timestamp, { name, unreadCount: random(4), pinned: n % 7 === 0 }));
    if (n % 3 === 0) {
      const lid = `7700${String(n).padStart(4, "0")}@lid`;
      lidMappings.push({ lid, pn });
      const lidName = random(2) === 0 ? null : `Lid ${n}`;
      chats.push(chat(lid, 1_000 + random(40) * 10, { name: lidName, unreadCount: random(3) }));
    }
    if (n % 2 === 0)
      contacts.push({ id: pn, name: `Contact ${n}`, pushName: `push${n}`, raw: { n } });
  }
  chats.push(chat("99990001@lid", 1_215, { name: "Unmapped lid" }));
  chats.push(chat("120363000000000001@g.us", 1_300, { name: "Group" }));
  chats.push(chat("status@broadcast", 1_400));
  chats.push(chat("120363000000000002@newsletter", 1_350, { name: "Channel" }));
  const messages: StoredMessage[] = [];
  for (const [index, item] of chats.entries()) {
    const count = item.conversationTimestamp === null ? 2 : 3 + random(14);
    for (let i = 0; i < count; i++) {
      const fromMe = random(3) === 0;
      const participant = item.id.endsWith("@g.us") ? `4915${random(9)}@c.us` : undefined;
      messages.push(
        message(item.id, `M${index}X${i}`, 900 + random(60) * 5, {
          fromMe,
          ack: fromMe ? random(5) : 2 + random(2),
          kind: kinds[random(kinds.length)] as MessageKind,
          ...(participant ? { participant } : {}),
        }),
      );
    }
  }
  return { chats, messages, contacts, lidMappings };
}

/** The world as one history batch. */
export const worldBatch = (world: World): HistoryBatchEvent => history(world);

/** The LID resolver of a world. */
export const worldResolver =
  (world: World) =>
  (lid: string): string | undefined =>
    world.lidMappings.find((pair) => pair.lid === lid)?.pn;
