/**
 * @module What the fake page asks the simulator for: each call is one thing the client does (send,
 * edit, pin, read, chat changes, a picture, earlier messages), recorded in the world like the socket
 * transport records Baileys' stanzas.
 */

import type { SentRecord } from "@wa/core";
import { Ack } from "@wa/core";
import { newMessageId } from "../world/ids.ts";
import { applyChatAction, markChatRead, recordClientAction } from "../world/ops.ts";
import type { WorldAccount } from "../world/types.ts";
import { chatOf } from "../world/world.ts";
import type { PageChange } from "./protocol.ts";
import { earlierMessages, mediaBytes, parseMediaPath } from "./snapshot.ts";

/** A failed call, answered to the page as a `ServerStatusCodeError`. */
export class PageCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** What calls need beside the account. */
export interface CallDeps {
  /** Sends a change to the account's page (or queues it). */
  push(account: WorldAccount, change: PageChange): void;
  receiptDelayMs: number;
  loadEarlierCount: number;
  /** The phone unlinks this page's client. */
  unlink(account: WorldAccount): void;
}

type Params = unknown[];
const text = (value: unknown) => String(value ?? "");

/** Runs one call of a logged-in page; the result goes back to the page. */
export function runPageCall(
  deps: CallDeps,
  account: WorldAccount,
  method: string,
  params: Params,
): unknown {
  const [chatId, target, extra] = [text(params[0]), text(params[1]), params[2]];
  const record = (kind: SentRecord["kind"], fields: Partial<SentRecord> = {}) =>
    recordClientAction(account, { kind, chatId, id: newMessageId(), targetId: target, ...fields });
  switch (method) {
    case "send":
      recordClientAction(account, { kind: "text", chatId, id: target, text: text(extra) });
      scheduleReceipts(deps, account, chatId, target);
      return Ack.SERVER;
    case "edit":
      return record("edit", { text: text(extra) });
    case "revoke":
    case "pin":
    case "unpin":
      return record(method);
    case "read":
      for (const id of (params[1] as string[] | undefined) ?? []) {
        recordClientAction(account, { kind: "read", chatId, id, targetId: id });
      }
      chatOf(account, chatId).unreadCount = 0;
      return null;
    case "archive":
      return applyChatAction(account, chatId, params[1] ? "archive" : "unarchive");
    case "markUnread":
      return applyChatAction(account, chatId, "mark-unread");
    case "markRead":
      return markChatRead(account, chatId);
    case "deleteChat":
      return applyChatAction(account, chatId, "delete");
    case "clearChat":
      return applyChatAction(account, chatId, "clear");
    case "picture":
      return account.pictures.get(chatId) ?? null;
    case "loadEarlier":
      return earlierMessages(
        chatOf(account, chatId),
        params[1] ? target : null,
        deps.loadEarlierCount,
      );
    case "media":
      return mediaData(account, params[0]);
    case "logout":
      return deps.unlink(account);
    default:
      throw new PageCallError(400, `fake-wa: unknown call '${method}'`);
  }
}

/** The base64 bytes of the file at a page's `directPath`; 404 when there is none (any more). */
function mediaData(account: WorldAccount, directPath: unknown): string {
  const where = parseMediaPath(String(directPath ?? ""));
  const chat = where ? account.chats.get(where.chatId) : undefined;
  const message = chat?.messages.find((m) => m.id === where?.messageId);
  if (!message?.media || message.revoked) throw new PageCallError(404, "fake-wa: no such media");
  return Buffer.from(mediaBytes(message.media.data)).toString("base64");
}

/** Delivery, then read, receipts of the recipient, after a delay each (like the socket transport). */
function scheduleReceipts(deps: CallDeps, account: WorldAccount, chatId: string, id: string) {
  const ack = (level: number) => () => deps.push(account, { type: "ack", chatId, id, ack: level });
  setTimeout(ack(Ack.DEVICE), deps.receiptDelayMs).unref();
  setTimeout(ack(Ack.READ), deps.receiptDelayMs * 2).unref();
}
