/**
 * @module The JSON messages between the fake WhatsApp Web page and the simulator over the loopback
 * WebSocket (`/ws/page`): the page says hello with its stored identity, the simulator pairs or logs
 * it in, sends the account's snapshot and live changes, and answers the page's requests.
 */

/** A message as the page shows it. */
export interface PageMessage {
  id: string;
  fromMe: boolean;
  /** Current text (edits applied); empty for revoked messages. */
  body: string;
  timestamp: number;
  /** Group sender (`@c.us`) of incoming group messages. */
  participant?: string;
  ack: number;
  revoked?: boolean;
  pinned?: boolean;
  /** Bare id of a quoted message. */
  quotedId?: string;
  /** The attached file's description (its bytes come through the `media` call). */
  media?: PageMedia;
}

/** A file attached to a message as WhatsApp Web describes it (`body` is then the caption). */
export interface PageMedia {
  /** WhatsApp Web's message type: `image`, `video`, `audio`, `ptt`, `document` or `sticker`. */
  type: string;
  mimetype: string;
  filename?: string;
  /** Plain size in bytes. */
  size: number;
  /** Where the page downloads it: `/fake-wa/<chat>/<message id>`. */
  directPath: string;
}

/** A chat as the page shows it, with its newest messages. */
export interface PageChat {
  id: string;
  name?: string;
  archived: boolean;
  pinned: boolean;
  markedUnread: boolean;
  unreadCount: number;
  /** Unix seconds of the last activity. */
  timestamp: number;
  /** Oldest first; older ones come through `loadEarlier`. */
  messages: PageMessage[];
  /** Members other than the account (groups). */
  participants?: string[];
}

/** A contact of the account. */
export interface PageContact {
  id: string;
  lid: string;
  name?: string;
  pushName?: string;
}

/** The logged-in account. */
export interface PageMe {
  phone: string;
  lid: string;
  pushName: string;
}

/** Everything the page shows after a login. */
export interface PageSnapshot {
  me: PageMe;
  chats: PageChat[];
  contacts: PageContact[];
}

/** What the page sends. */
export type PageToSim =
  | { t: "hello"; client: string; fresh: boolean }
  | { t: "call"; id: number; method: string; params: unknown[] };

/** A live change the page applies. */
export type PageChange =
  | { type: "message"; chatId: string; message: PageMessage; chat: Omit<PageChat, "messages"> }
  | { type: "edit"; chatId: string; targetId: string; body: string }
  | { type: "revoke"; chatId: string; targetId: string }
  | { type: "read-self"; chatId: string; ids: string[] }
  | { type: "chats"; chats: PageChat[]; contacts: PageContact[] }
  | { type: "archive"; chatId: string; archived: boolean }
  | { type: "delete-chat"; chatId: string }
  | { type: "ack"; chatId: string; id: string; ack: number }
  | { type: "logout" }
  | { type: "drop" }
  | { type: "reload" };

/** What the simulator sends. */
export type SimToPage =
  | { t: "qr"; ref: string }
  | { t: "login"; snapshot: PageSnapshot | null }
  | { t: "paired"; me: PageMe }
  | { t: "rejected"; reason: string }
  | { t: "change"; change: PageChange }
  | { t: "result"; id: number; value?: unknown; error?: { status: number; message: string } };
