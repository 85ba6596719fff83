/**
 * @module The world's change feed: what the phone and the contacts do, as transport-neutral events.
 * Control calls change the model first, then publish one change; each transport encodes it for the
 * client it serves (Baileys stanzas, or updates of a WhatsApp Web page).
 */
import type { ChatId, HistorySeed } from "@wa/core";
import type { WorldAccount, WorldMessage } from "./types.ts";

/** A contact (or, `fromMe`, the phone itself) sent a message that is now in the chat. */
export interface MessageChange {
  type: "message";
  chatId: ChatId;
  message: WorldMessage;
  /** Socket transport: encrypt with Signal instead of `<plaintext>`. */
  signal?: boolean;
}

/** A contact edited one of its messages. */
export interface EditChange {
  type: "edit";
  chatId: ChatId;
  targetId: string;
  text: string;
  participant?: ChatId;
  /** Bare id of the edit itself. */
  id: string;
}

/** A contact deleted one of its messages for everyone. */
export interface RevokeChange {
  type: "revoke";
  chatId: ChatId;
  targetId: string;
  participant?: ChatId;
  /** Bare id of the revoke itself. */
  id: string;
}

/** The phone read incoming messages of a chat. */
export interface ReadSelfChange {
  type: "read-self";
  chatId: ChatId;
  ids: string[];
}

/** The phone syncs (more) history; its chats are already in the model. */
export interface HistoryChange {
  type: "history";
  seed: HistorySeed;
}

/** The phone archived or unarchived a chat. */
export interface ArchiveChange {
  type: "archive";
  chatId: ChatId;
  archived: boolean;
}

/** The phone deleted a chat. */
export interface DeleteChatChange {
  type: "delete-chat";
  chatId: ChatId;
}

/** The phone unlinked the device. */
export interface LogoutChange {
  type: "logout";
}

/** The client's connection drops without a goodbye (it should reconnect). */
export interface DropChange {
  type: "drop";
}

/** Everything the world publishes. */
export type WorldChange =
  | MessageChange
  | EditChange
  | RevokeChange
  | ReadSelfChange
  | HistoryChange
  | ArchiveChange
  | DeleteChatChange
  | LogoutChange
  | DropChange;

/** What a transport did with a change it serves (`wire`: how a message travelled). */
export interface ChangeOutcome {
  wire?: string;
}

/**
 * A transport's encoder. It returns undefined for accounts it does not serve, and an outcome
 * (possibly after encrypting) for those it does.
 */
export type ChangeListener = (
  account: WorldAccount,
  change: WorldChange,
) => ChangeOutcome | undefined | Promise<ChangeOutcome | undefined>;
