/**
 * @module The simulated world: every account (one per test session key) with helpers to find or
 * create contacts and chats, and the change feed the transports subscribe to.
 */
import type { ChatId, WorldChatState } from "@wa/core";
import type { ChangeListener, ChangeOutcome, WorldChange } from "./changes.ts";
import { lidForPhone, toChatId, userOf } from "./jid.ts";
import type { WorldAccount, WorldChat, WorldContact, WorldGroup } from "./types.ts";

/** All accounts of one simulator. */
export interface World {
  /** The account of a session key, created on first use with a fresh phone number. */
  account(sessionKey: string): WorldAccount;
  /** The account owning a phone number, if any. */
  byPhone(phone: string): WorldAccount | undefined;
  accounts(): WorldAccount[];
  /** Registers a transport's encoder; returns the unsubscribe function. */
  subscribe(listener: ChangeListener): () => void;
  /**
   * Hands a change (already applied to the model) to every transport; resolves with the outcome of
   * the one serving the account (an empty outcome when none does).
   */
  publish(account: WorldAccount, change: WorldChange): Promise<ChangeOutcome>;
}

const EMPTY_STATE: WorldChatState = {
  archived: false,
  markedUnread: false,
  pinned: false,
  deleted: false,
  cleared: false,
};

/**
 * Creates a world, empty or with `restored` accounts (a snapshot's); phone numbers are handed out
 * from `firstPhone` upwards, past every restored one.
 */
export function createWorld(firstPhone = 15550100000, restored: WorldAccount[] = []): World {
  const accounts = new Map(restored.map((account) => [account.sessionKey, account]));
  const listeners = new Set<ChangeListener>();
  let nextPhone = Math.max(firstPhone, ...restored.map((account) => Number(account.phone) + 1));
  return {
    account(sessionKey) {
      let account = accounts.get(sessionKey);
      if (!account) {
        const phone = String(nextPhone++);
        account = {
          sessionKey,
          phone,
          lid: lidForPhone(phone),
          deviceId: 1,
          pushName: `Sim ${sessionKey}`,
          paired: false,
          contacts: new Map(),
          groups: new Map(),
          chats: new Map(),
          sent: [],
          pictures: new Map(),
          historySent: false,
        };
        accounts.set(sessionKey, account);
      }
      return account;
    },
    byPhone: (phone) => [...accounts.values()].find((a) => a.phone === phone),
    accounts: () => [...accounts.values()],
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async publish(account, change) {
      const outcomes = await Promise.all(
        [...listeners].map((listener) => listener(account, change)),
      );
      return outcomes.find((outcome) => outcome !== undefined) ?? {};
    },
  };
}

/** The contact behind a chat id, phone JID or LID JID; created when unknown. */
export function contactOf(account: WorldAccount, jidOrChatId: string): WorldContact {
  const user = userOf(jidOrChatId);
  const isLid = jidOrChatId.endsWith("@lid");
  for (const contact of account.contacts.values()) {
    if ((isLid ? contact.lid : contact.phone) === user) return contact;
  }
  // A LID we never handed out: treat its digits as the phone so the pair stays consistent.
  const phone = isLid && user.startsWith("9") ? user.slice(1) : user;
  const contact: WorldContact = { phone, lid: lidForPhone(phone) };
  account.contacts.set(phone, contact);
  return contact;
}

/** The chat with an id; created (empty, not deleted) when unknown. */
export function chatOf(account: WorldAccount, chatId: ChatId): WorldChat {
  let chat = account.chats.get(chatId);
  if (!chat) {
    chat = { id: chatId, state: { ...EMPTY_STATE }, unreadCount: 0, messages: [] };
    account.chats.set(chatId, chat);
  }
  return chat;
}

/** The group with an id (created with no other members when unknown); `member` joins it if given. */
export function groupOf(account: WorldAccount, groupId: ChatId, member?: ChatId): WorldGroup {
  let group = account.groups.get(groupId);
  if (!group) {
    group = {
      subject: account.chats.get(groupId)?.name ?? groupId.split("@")[0] ?? "",
      participants: [],
    };
    account.groups.set(groupId, group);
  }
  if (member && !group.participants.includes(member)) group.participants.push(member);
  return group;
}

/** The world chat id of a JID a client used (LIDs of known contacts map back to phone chats). */
export function chatIdOfJid(account: WorldAccount, jid: string): ChatId {
  if (jid.endsWith("@lid")) {
    const user = userOf(jid);
    if (user === account.lid) return `${account.phone}@c.us`;
    const contact = [...account.contacts.values()].find((c) => c.lid === user);
    if (contact) return `${contact.phone}@c.us`;
  }
  return toChatId(jid);
}
