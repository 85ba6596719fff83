/**
 * @module The web transport: the simulator side of the fake WhatsApp Web pages. It pairs pages that
 * show a QR (or asked for a pairing code), logs paired ones in with a snapshot of the world, encodes
 * world changes for them (queued while the page is away) and answers their calls.
 */
import { randomBytes } from "node:crypto";
import type { SimulatorTransport } from "../control.ts";
import type { WorldChange } from "../world/changes.ts";
import { applySeed } from "../world/ops.ts";
import type { WorldAccount } from "../world/types.ts";
import { chatOf } from "../world/world.ts";
import { type CallDeps, PageCallError, runPageCall } from "./calls.ts";
import type { PageChange, SimToPage } from "./protocol.ts";
import { pageChat, pageChatHeader, pageContacts, pageMessage, pageSnapshot } from "./snapshot.ts";

/** One connected page. */
export interface PageConnection {
  /** The page's stored identity (its Noise key, also in its QR). */
  client: string;
  account?: WorldAccount;
  send(message: SimToPage): void;
  /** Closes the socket without a goodbye (the page reconnects). */
  drop(): void;
}

/** Options of {@link createWebTransport}. */
export interface WebTransportOptions {
  receiptDelayMs: number;
  /** Messages per chat a freshly loaded page holds. */
  snapshotMessages: number;
  /** Messages per `loadEarlierMsgs`. */
  loadEarlierCount: number;
}

/** The web transport: a `SimulatorTransport` plus what the page server calls. */
export interface WebTransport extends SimulatorTransport {
  hello(conn: PageConnection, fresh: boolean): void;
  call(conn: PageConnection, id: number, method: string, params: unknown[]): void;
  closed(conn: PageConnection): void;
  /** The logged-in page of an account. */
  pageOf(account: WorldAccount): PageConnection | undefined;
  /** Sends a change to the account's page (e.g. `reload`). */
  push(account: WorldAccount, change: PageChange): void;
}

/** Creates the web transport. */
export function createWebTransport(options: WebTransportOptions): WebTransport {
  /** Paired page identities. */
  const clients = new Map<string, WorldAccount>();
  /** Pages showing a QR, by ref. */
  const waiting = new Map<string, PageConnection>();
  /** Pages that asked for a pairing code, by code. */
  const codes = new Map<string, PageConnection>();
  const online = new Map<WorldAccount, PageConnection>();
  const queues = new Map<WorldAccount, PageChange[]>();

  const push = (account: WorldAccount, change: PageChange) => {
    const page = online.get(account);
    if (page) page.send({ t: "change", change });
    else if (change.type !== "drop" && change.type !== "reload") {
      queues.set(account, [...(queues.get(account) ?? []), change]);
    }
  };

  const unlink = (account: WorldAccount) => {
    account.paired = false;
    for (const [client, owner] of clients) if (owner === account) clients.delete(client);
  };

  const deps: CallDeps = {
    push,
    unlink,
    receiptDelayMs: options.receiptDelayMs,
    loadEarlierCount: options.loadEarlierCount,
  };

  const login = (conn: PageConnection, account: WorldAccount, fresh: boolean) => {
    conn.account = account;
    online.set(account, conn);
    if (!account.historySent) {
      account.historySent = true;
      applySeed(account, account.historySeed ?? { chats: [] });
    }
    const queued = queues.get(account) ?? [];
    queues.delete(account);
    conn.send({
      t: "login",
      snapshot: fresh ? pageSnapshot(account, options.snapshotMessages) : null,
    });
    if (!fresh) for (const change of queued) conn.send({ t: "change", change });
  };

  const pair = (conn: PageConnection, account: WorldAccount) => {
    for (const [ref, page] of waiting) if (page === conn) waiting.delete(ref);
    for (const [code, page] of codes) if (page === conn) codes.delete(code);
    account.paired = true;
    account.transport = "web";
    clients.set(conn.client, account);
    conn.send({
      t: "paired",
      me: { phone: account.phone, lid: account.lid, pushName: account.pushName },
    });
    login(conn, account, true);
  };

  return {
    onChange(account, change) {
      if (account.transport !== "web") return undefined;
      if (change.type === "drop") {
        online.get(account)?.drop();
      } else {
        const encoded = encode(account, change, options.snapshotMessages);
        if (change.type === "logout") unlink(account);
        push(account, encoded);
      }
      return { wire: "page" };
    },
    async scanQr(account, qr) {
      const conn = waiting.get(qr.split(",")[0] ?? "");
      if (!conn) return false;
      pair(conn, account);
      return true;
    },
    async enterPairingCode(account, code) {
      const conn = codes.get(code.replace(/[^0-9A-Za-z]/g, "").toUpperCase());
      if (!conn) return false;
      pair(conn, account);
      return true;
    },
    isOnline: (account) => online.has(account),
    hello(conn, fresh) {
      const account = clients.get(conn.client);
      if (account?.paired && account.transport === "web") return login(conn, account, fresh);
      if (account) {
        clients.delete(conn.client);
        conn.send({ t: "rejected", reason: "logged out" });
      }
      const ref = `sim-web-${randomBytes(9).toString("base64url")}`;
      waiting.set(ref, conn);
      conn.send({ t: "qr", ref });
    },
    call(conn, id, method, params) {
      try {
        if (method === "pairingCode") {
          const code = randomBytes(6)
            .toString("base64url")
            .replace(/[^A-Z0-9]/gi, "X")
            .slice(0, 8)
            .toUpperCase();
          codes.set(code, conn);
          return conn.send({ t: "result", id, value: code });
        }
        if (!conn.account?.paired)
          throw new PageCallError(401, "fake-wa: the page is not logged in");
        conn.send({
          t: "result",
          id,
          value: runPageCall(deps, conn.account, method, params) ?? null,
        });
      } catch (error) {
        const status = error instanceof PageCallError ? error.status : 500;
        conn.send({
          t: "result",
          id,
          error: { status, message: String((error as Error).message) },
        });
      }
    },
    closed(conn) {
      for (const [ref, page] of waiting) if (page === conn) waiting.delete(ref);
      if (conn.account && online.get(conn.account) === conn) online.delete(conn.account);
    },
    pageOf: (account) => online.get(account),
    push,
  };
}

// --- internal ---

function encode(account: WorldAccount, change: WorldChange, count: number): PageChange {
  switch (change.type) {
    case "message": {
      const chat = chatOf(account, change.chatId);
      const header = pageChatHeader(account, chat);
      return {
        type: "message",
        chatId: change.chatId,
        message: pageMessage(change.chatId, change.message),
        chat: header,
      };
    }
    case "edit":
      return { type: "edit", chatId: change.chatId, targetId: change.targetId, body: change.text };
    case "revoke":
      return { type: "revoke", chatId: change.chatId, targetId: change.targetId };
    case "read-self":
      return { type: "read-self", chatId: change.chatId, ids: change.ids };
    case "history":
      return {
        type: "chats",
        chats: change.seed.chats.map((seed) => pageChat(account, chatOf(account, seed.id), count)),
        contacts: pageContacts(account),
      };
    case "archive":
      return { type: "archive", chatId: change.chatId, archived: change.archived };
    case "delete-chat":
      return { type: "delete-chat", chatId: change.chatId };
    default:
      return { type: change.type };
  }
}
